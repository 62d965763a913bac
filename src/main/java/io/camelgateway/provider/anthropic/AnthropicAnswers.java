package io.camelgateway.provider.anthropic;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** What Anthropic's answers mean in OpenAI's terms; shared by whole answers and streams. */
final class AnthropicAnswers {

    /** Anthropic stop_reason to OpenAI finish_reason. */
    private static final Map<String, String> FINISH_REASONS = Map.of(
            "end_turn", "stop",
            "stop_sequence", "stop",
            "max_tokens", "length",
            "tool_use", "tool_calls",
            "refusal", "content_filter",
            "pause_turn", "stop");

    private AnthropicAnswers() {
    }

    static String finishReason(String stopReason) {
        return stopReason == null ? "stop" : FINISH_REASONS.getOrDefault(stopReason, "stop");
    }

    /** Anthropic counts cached prompt tokens apart from input_tokens; OpenAI's prompt_tokens includes them. */
    static int promptTokens(JsonNode usage) {
        return usage.path("input_tokens").asInt()
                + usage.path("cache_creation_input_tokens").asInt()
                + usage.path("cache_read_input_tokens").asInt();
    }

    static int completionTokens(JsonNode usage) {
        return usage.path("output_tokens").asInt();
    }
}
