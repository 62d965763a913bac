package io.camelgateway.provider.gemini;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.Json;
import io.camelgateway.api.ThinkingBlock;
import io.camelgateway.api.ToolCall;

/**
 * One Gemini candidate, or in a stream one candidate's increment: its visible text, its function calls, its
 * thoughts (the text of thought parts) with the thoughtSignatures it carried, and Gemini's finish reason (null while
 * it is still going). Each signature becomes a signed thinking block holding the thought text that came before it.
 */
record GeminiCandidate(int index, String text, List<ToolCall> toolCalls, String reasoning,
                       List<ThinkingBlock> thinking, String finishReason) {

    static final String THOUGHT_SIGNATURE = "thoughtSignature";

    private static final Map<String, String> FINISH_REASONS = Map.of(
            "STOP", "stop",
            "MAX_TOKENS", "length",
            "SAFETY", "content_filter",
            "RECITATION", "content_filter",
            "BLOCKLIST", "content_filter",
            "PROHIBITED_CONTENT", "content_filter",
            "SPII", "content_filter",
            "IMAGE_SAFETY", "content_filter",
            "MALFORMED_FUNCTION_CALL", "stop");

    /** Reads a candidate; position is its place in the list, used when Gemini leaves out its index. */
    static GeminiCandidate read(JsonNode candidate, int position) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        StringBuilder reasoning = new StringBuilder();
        StringBuilder unsignedThought = new StringBuilder();
        List<ThinkingBlock> thinking = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            boolean thought = part.path("thought").asBoolean(false);
            if (part.has("functionCall")) {
                calls.add(toolCall(part.get("functionCall")));
            } else if (part.hasNonNull("text") && thought) {
                reasoning.append(part.get("text").asText());
                unsignedThought.append(part.get("text").asText());
            } else if (part.hasNonNull("text")) {
                text.append(part.get("text").asText());
            }
            String signature = part.path(THOUGHT_SIGNATURE).asText("");
            if (!signature.isEmpty()) {
                thinking.add(ThinkingBlock.thinking(unsignedThought.toString(), signature));
                unsignedThought.setLength(0);
            }
        }
        int index = candidate.path("index").asInt(position);
        String finishReason = candidate.hasNonNull("finishReason") ? candidate.get("finishReason").asText() : null;
        return new GeminiCandidate(index, text.toString(), calls, reasoning.toString(), thinking, finishReason);
    }

    /** OpenAI's finish_reason for Gemini's; a plain stop after function calls means the model wants them run. */
    static String openAiFinishReason(String geminiReason, boolean madeToolCalls) {
        String reason = FINISH_REASONS.getOrDefault(geminiReason, "stop");
        return "STOP".equals(geminiReason) && madeToolCalls ? "tool_calls" : reason;
    }

    private static ToolCall toolCall(JsonNode functionCall) {
        String id = functionCall.hasNonNull("id") ? functionCall.get("id").asText() : newCallId();
        JsonNode args = functionCall.path("args");
        String arguments = args.isObject() ? Json.writeString(args) : "{}";
        return ToolCall.of(id, functionCall.path("name").asText(), arguments);
    }

    /** Gemini's older models give no call ids, but OpenAI clients need one to answer a call with. */
    private static String newCallId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
