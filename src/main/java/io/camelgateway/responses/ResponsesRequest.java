package io.camelgateway.responses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of POST /v1/responses, as OpenAI's Responses API defines it. {@link #input} stays a JSON tree: it is a
 * string or a list of typed items, which {@link ResponsesInput} reads with messages that name the item at fault.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResponsesRequest {
    public String model;
    public JsonNode input;
    public String instructions;
    public List<ResponsesTool> tools;
    @JsonProperty("tool_choice")
    public JsonNode toolChoice;
    @JsonProperty("parallel_tool_calls")
    public Boolean parallelToolCalls;
    @JsonProperty("max_output_tokens")
    public Integer maxOutputTokens;
    public Double temperature;
    @JsonProperty("top_p")
    public Double topP;
    public TextConfig text;
    public Reasoning reasoning;
    public Boolean store;
    public Boolean stream;
    @JsonProperty("previous_response_id")
    public String previousResponseId;
    public Map<String, String> metadata;
    public String user;
    @JsonProperty("safety_identifier")
    public String safetyIdentifier;
    @JsonProperty("prompt_cache_key")
    public String promptCacheKey;
    @JsonProperty("service_tier")
    public String serviceTier;
    public List<String> include;
    public String truncation;
    public Boolean background;
    @JsonProperty("stream_options")
    public JsonNode streamOptions;

    /** Fields this class does not name: each is refused, with a reason when it is a known Responses field. */
    final Map<String, JsonNode> unknown = new LinkedHashMap<>();

    @JsonAnySetter
    void putUnknown(String name, JsonNode value) {
        unknown.put(name, value);
    }

    /** Whether the response is to be kept: store is true unless the request says false, as OpenAI's default is. */
    public boolean keep() {
        return !Boolean.FALSE.equals(store);
    }

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    /** A tool: a function the caller runs ({"type":"function","name",...}), or one of OpenAI's built-in tools. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true) // a built-in tool's own fields: it is refused by its type
    public static class ResponsesTool {
        public String type;
        public String name;
        public String description;
        public JsonNode parameters;
        public Boolean strict;
    }

    /** text: the answer's format ({"type":"text"}, "json_object" or "json_schema") and verbosity. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class TextConfig {
        public JsonNode format;
        public String verbosity;
    }

    /** reasoning: how hard a reasoning model thinks, and whether it sums its thinking up. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Reasoning {
        public String effort;
        public String summary;
        /** The older name of summary, still accepted by OpenAI. */
        @JsonProperty("generate_summary")
        public String generateSummary;
    }
}
