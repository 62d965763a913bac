package io.camelgateway.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** The canonical chat request: OpenAI's chat completions body. Fields we do not model travel in {@link #extra}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChatRequest {
    public String model;
    public List<ChatMessage> messages;
    public Boolean stream;
    @JsonProperty("stream_options")
    public StreamOptions streamOptions;
    public Double temperature;
    @JsonProperty("top_p")
    public Double topP;
    /** Anthropic's and Gemini's top_k; OpenAI has none, so it is not sent there. */
    @JsonProperty("top_k")
    public Integer topK;
    @JsonProperty("max_tokens")
    public Integer maxTokens;
    @JsonProperty("max_completion_tokens")
    public Integer maxCompletionTokens;
    @JsonDeserialize(using = StringOrListDeserializer.class)
    public List<String> stop;
    public Integer n;
    @JsonProperty("presence_penalty")
    public Double presencePenalty;
    @JsonProperty("frequency_penalty")
    public Double frequencyPenalty;
    public Long seed;
    public String user;
    public List<Tool> tools;
    /** "auto", "none", "required" or {"type":"function","function":{"name":...}}. */
    @JsonProperty("tool_choice")
    public JsonNode toolChoice;
    @JsonProperty("parallel_tool_calls")
    public Boolean parallelToolCalls;
    /** {"type":"text"}, {"type":"json_object"} or {"type":"json_schema","json_schema":{...}}. */
    @JsonProperty("response_format")
    public JsonNode responseFormat;
    /** OpenAI's "low", "medium" or "high"; each provider's translator says it in its own terms. */
    @JsonProperty("reasoning_effort")
    public String reasoningEffort;
    /**
     * Anthropic's extended thinking switch, {"type":"enabled","budget_tokens":N} or {"type":"disabled"}: kept as
     * Anthropic wrote it for Anthropic, a thinking budget for Gemini, a reasoning_effort for OpenAI.
     */
    public JsonNode thinking;

    private final Map<String, JsonNode> extra = new LinkedHashMap<>();

    @JsonAnySetter
    public void putExtra(String name, JsonNode value) {
        extra.put(name, value);
    }

    @JsonAnyGetter
    public Map<String, JsonNode> extra() {
        return extra;
    }

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    public boolean wantsUsageInStream() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage);
    }

    /** The output limit the caller asked for, preferring the newer field. */
    public Integer outputTokenLimit() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    /** A shallow copy, so a provider call can change the model without touching the caller's request. */
    public ChatRequest copy() {
        ChatRequest c = new ChatRequest();
        c.model = model;
        c.messages = messages;
        c.stream = stream;
        c.streamOptions = streamOptions;
        c.temperature = temperature;
        c.topP = topP;
        c.topK = topK;
        c.maxTokens = maxTokens;
        c.maxCompletionTokens = maxCompletionTokens;
        c.stop = stop;
        c.n = n;
        c.presencePenalty = presencePenalty;
        c.frequencyPenalty = frequencyPenalty;
        c.seed = seed;
        c.user = user;
        c.tools = tools;
        c.toolChoice = toolChoice;
        c.parallelToolCalls = parallelToolCalls;
        c.responseFormat = responseFormat;
        c.reasoningEffort = reasoningEffort;
        c.thinking = thinking;
        c.extra.putAll(extra);
        return c;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class StreamOptions {
        @JsonProperty("include_usage")
        public Boolean includeUsage;

        public StreamOptions() {
        }

        public StreamOptions(boolean includeUsage) {
            this.includeUsage = includeUsage;
        }
    }
}
