package io.camelgateway.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** OpenAI's embeddings answer. An embedding is a float array, or base64 of little-endian float32 when asked for. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class EmbeddingResponse {
    public String object = "list";
    public List<Embedding> data = new ArrayList<>();
    public String model;
    public EmbeddingUsage usage = new EmbeddingUsage();

    /** Builds an answer from float vectors, encoded as the request asked. */
    public static EmbeddingResponse of(String model, List<float[]> vectors, boolean base64, int promptTokens) {
        EmbeddingResponse r = new EmbeddingResponse();
        r.model = model;
        for (int i = 0; i < vectors.size(); i++) {
            Embedding e = new Embedding();
            e.index = i;
            e.embedding = base64 ? toBase64(vectors.get(i)) : vectors.get(i);
            r.data.add(e);
        }
        r.usage.promptTokens = promptTokens;
        r.usage.totalTokens = promptTokens;
        return r;
    }

    static String toBase64(float[] vector) {
        ByteBuffer buf = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            buf.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(buf.array());
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Embedding {
        public String object = "embedding";
        public int index;
        /** float[] (or a list read from JSON), or a base64 string. */
        public Object embedding;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class EmbeddingUsage {
        @JsonProperty("prompt_tokens")
        public int promptTokens;
        @JsonProperty("total_tokens")
        public int totalTokens;
    }
}
