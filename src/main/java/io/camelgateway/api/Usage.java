package io.camelgateway.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Token counts of one answer, in OpenAI's shape. prompt_tokens counts every prompt token, cached or not (Anthropic
 * counts cached ones apart; its translator adds them in); the details say how many of them were read from the
 * provider's prompt cache, and how many were written to it (cache_creation_tokens, the gateway's own field:
 * Anthropic bills writes above the input price, OpenAI has no such count).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class Usage {
    @JsonProperty("prompt_tokens")
    public int promptTokens;
    @JsonProperty("completion_tokens")
    public int completionTokens;
    @JsonProperty("total_tokens")
    public int totalTokens;
    @JsonProperty("prompt_tokens_details")
    public PromptDetails promptDetails;
    @JsonProperty("completion_tokens_details")
    public CompletionDetails completionDetails;

    public Usage() {
    }

    public Usage(int promptTokens, int completionTokens) {
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.totalTokens = promptTokens + completionTokens;
    }

    /** Prompt tokens read from the provider's cache (billed at its cached price). */
    @JsonIgnore
    public int cachedTokens() {
        return promptDetails == null || promptDetails.cachedTokens == null ? 0 : promptDetails.cachedTokens;
    }

    /** Prompt tokens written to the provider's cache (Anthropic bills them above the input price). */
    @JsonIgnore
    public int cacheCreationTokens() {
        return promptDetails == null || promptDetails.cacheCreationTokens == null ? 0
                : promptDetails.cacheCreationTokens;
    }

    /** Completion tokens the model spent reasoning (already counted in completion_tokens). */
    @JsonIgnore
    public int reasoningTokens() {
        return completionDetails == null || completionDetails.reasoningTokens == null ? 0
                : completionDetails.reasoningTokens;
    }

    /** Sets the cache counts, leaving the details out when both are 0. */
    public Usage withCache(int cachedTokens, int cacheCreationTokens) {
        if (cachedTokens > 0 || cacheCreationTokens > 0) {
            promptDetails = new PromptDetails();
            promptDetails.cachedTokens = cachedTokens;
            promptDetails.cacheCreationTokens = cacheCreationTokens > 0 ? cacheCreationTokens : null;
        }
        return this;
    }

    /** Sets the reasoning count, leaving the details out when it is 0. */
    public Usage withReasoning(int reasoningTokens) {
        if (reasoningTokens > 0) {
            completionDetails = new CompletionDetails();
            completionDetails.reasoningTokens = reasoningTokens;
        }
        return this;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class PromptDetails {
        @JsonProperty("cached_tokens")
        public Integer cachedTokens;
        @JsonProperty("cache_creation_tokens")
        public Integer cacheCreationTokens;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class CompletionDetails {
        @JsonProperty("reasoning_tokens")
        public Integer reasoningTokens;
    }
}
