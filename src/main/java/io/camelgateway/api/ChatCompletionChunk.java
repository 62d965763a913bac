package io.camelgateway.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One streamed piece of an answer: OpenAI's chat.completion.chunk object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ChatCompletionChunk {
    public String id;
    public String object = "chat.completion.chunk";
    public long created;
    public String model;
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public List<Choice> choices = List.of();
    public Usage usage;
    @JsonProperty("system_fingerprint")
    public String systemFingerprint;

    /** True for the closing chunk that carries only usage (OpenAI's stream_options.include_usage). */
    @JsonIgnore
    public boolean isUsageOnly() {
        return usage != null && (choices == null || choices.isEmpty());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Choice {
        public int index;
        public Delta delta = new Delta();
        @JsonProperty("finish_reason")
        @JsonInclude(JsonInclude.Include.ALWAYS)
        public String finishReason;

        public Choice() {
        }

        public Choice(int index, Delta delta, String finishReason) {
            this.index = index;
            this.delta = delta;
            this.finishReason = finishReason;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Delta {
        public String role;
        public String content;
        @JsonProperty("tool_calls")
        public List<ToolCall> toolCalls;
        public String refusal;
        /** A piece of the reasoning's text (see {@link ChatMessage#reasoningContent}). */
        @JsonProperty("reasoning_content")
        public String reasoningContent;
        /** A signature ending the current thinking, or a whole redacted block (see {@link ThinkingBlock}). */
        @JsonProperty("thinking_blocks")
        public List<ThinkingBlock> thinkingBlocks;
    }
}
