package io.camelgateway.provider.anthropic;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.Json;
import io.camelgateway.api.Usage;

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

    static final int MIN_THINKING_BUDGET = 1024;
    /** OpenAI's reasoning_effort words as Anthropic thinking budgets. */
    static final Map<String, Integer> EFFORT_BUDGETS = Map.of(
            "minimal", MIN_THINKING_BUDGET,
            "low", MIN_THINKING_BUDGET,
            "medium", 4096,
            "high", 16384);

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

    /** The canonical usage, with what was read from and written to Anthropic's prompt cache. */
    static Usage usage(JsonNode usage) {
        return new Usage(promptTokens(usage), completionTokens(usage)).withCache(
                usage.path("cache_read_input_tokens").asInt(), usage.path("cache_creation_input_tokens").asInt());
    }

    /**
     * Anthropic's thinking for a request: the caller's own Anthropic switch as it is, or OpenAI's reasoning_effort
     * as a budget, which Anthropic requires to be at least 1024 and below max_tokens (else no thinking is asked).
     */
    static JsonNode thinking(ChatRequest request, int maxTokens) {
        if (request.thinking != null && !request.thinking.isNull()) {
            return request.thinking;
        }
        Integer budget = request.reasoningEffort == null ? null : EFFORT_BUDGETS.get(request.reasoningEffort);
        if (budget == null) {
            return null;
        }
        int fitted = Math.min(budget, maxTokens - 1);
        if (fitted < MIN_THINKING_BUDGET) {
            return null;
        }
        ObjectNode thinking = Json.object();
        thinking.put("type", "enabled");
        thinking.put("budget_tokens", fitted);
        return thinking;
    }
}
