package io.camelgateway.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** OpenAI's embeddings request; input is a string, an array of strings, or token arrays. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class EmbeddingRequest {
    public String model;
    public JsonNode input;
    @JsonProperty("encoding_format")
    public String encodingFormat;
    public Integer dimensions;
    public String user;

    public boolean wantsBase64() {
        return "base64".equals(encodingFormat);
    }

    /** The inputs as texts; null when the input holds token arrays, which only OpenAI-format providers take. */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        if (input == null) {
            return texts;
        }
        if (input.isTextual()) {
            texts.add(input.asText());
            return texts;
        }
        for (JsonNode item : input) {
            if (!item.isTextual()) {
                return null;
            }
            texts.add(item.asText());
        }
        return texts;
    }

    public EmbeddingRequest copy() {
        EmbeddingRequest c = new EmbeddingRequest();
        c.model = model;
        c.input = input;
        c.encodingFormat = encodingFormat;
        c.dimensions = dimensions;
        c.user = user;
        return c;
    }
}
