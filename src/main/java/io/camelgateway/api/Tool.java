package io.camelgateway.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** A tool the model may call: {"type":"function","function":{"name","description","parameters"}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class Tool {
    public String type;
    public Function function;
    /** Anthropic's prompt-caching mark on a tool (see {@link ContentPart#cacheControl}). */
    @JsonProperty("cache_control")
    public JsonNode cacheControl;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Function {
        public String name;
        public String description;
        /** A JSON Schema object. */
        public JsonNode parameters;
        public Boolean strict;
    }
}
