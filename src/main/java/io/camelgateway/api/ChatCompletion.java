package io.camelgateway.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The canonical chat answer: OpenAI's chat.completion object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ChatCompletion {
    public String id;
    public String object = "chat.completion";
    public long created;
    public String model;
    public List<Choice> choices;
    public Usage usage;
    @JsonProperty("system_fingerprint")
    public String systemFingerprint;

    /** A plain chat answer in a message body, read whole if it came as the provider sent it; null for anything else. */
    public static ChatCompletion of(Object body) {
        return body instanceof ChatCompletion completion ? completion
                : body instanceof ChatCompletionAsSent asSent ? asSent.parsed() : null;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Choice {
        public int index;
        public ChatMessage message;
        @JsonProperty("finish_reason")
        @JsonInclude(JsonInclude.Include.ALWAYS)
        public String finishReason;
        @JsonInclude(JsonInclude.Include.ALWAYS)
        public Object logprobs;

        public Choice() {
        }

        public Choice(int index, ChatMessage message, String finishReason) {
            this.index = index;
            this.message = message;
            this.finishReason = finishReason;
        }
    }
}
