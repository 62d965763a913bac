package io.camelgateway.provider.bedrock;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.Usage;

/** What a Converse answer and a ConverseStream's events share: stop reasons and usage. */
final class BedrockAnswer {
    private static final Map<String, String> FINISH_REASONS = Map.of(
            "end_turn", "stop",
            "stop_sequence", "stop",
            "max_tokens", "length",
            "model_context_window_exceeded", "length",
            "tool_use", "tool_calls",
            "guardrail_intervened", "content_filter",
            "content_filtered", "content_filter");

    private BedrockAnswer() {
    }

    /** Converse has no answer id; the chunks of one stream share the one made here. */
    static String newId() {
        return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    }

    static String finishReason(String stopReason) {
        return stopReason == null ? "stop" : FINISH_REASONS.getOrDefault(stopReason, "stop");
    }

    /**
     * The usage, or null when there is none. Bedrock counts prompt tokens read from or written to its prompt cache
     * apart from inputTokens; they are prompt tokens all the same, and the details say which were cached, so that
     * they are priced as such.
     */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        int cacheRead = usage.path("cacheReadInputTokens").asInt();
        int cacheWrite = usage.path("cacheWriteInputTokens").asInt();
        int prompt = usage.path("inputTokens").asInt() + cacheRead + cacheWrite;
        return new Usage(prompt, usage.path("outputTokens").asInt()).withCache(cacheRead, cacheWrite);
    }
}
