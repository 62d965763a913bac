package io.camelgateway.messages;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ContentPart;
import io.camelgateway.api.Json;
import io.camelgateway.api.ThinkingBlock;
import io.camelgateway.api.ToolCall;
import io.camelgateway.api.Usage;

/** A canonical answer as Anthropic's Message object: thinking, text and tool_use blocks, stop_reason and usage. */
final class MessagesAnswer {
    /** OpenAI finish_reason to Anthropic stop_reason. */
    private static final Map<String, String> STOP_REASONS = Map.of(
            "stop", "end_turn",
            "length", "max_tokens",
            "tool_calls", "tool_use",
            "function_call", "tool_use",
            "content_filter", "refusal");

    private MessagesAnswer() {
    }

    static ObjectNode of(ChatCompletion completion) {
        ObjectNode message = head(completion.id, completion.model);
        ArrayNode content = message.putArray("content");
        ChatCompletion.Choice choice = completion.choices == null || completion.choices.isEmpty() ? null
                : completion.choices.get(0);
        ChatMessage answer = choice == null ? null : choice.message;
        if (answer != null) {
            thinking(answer, content);
            if (answer.content != null) {
                for (ContentPart part : answer.content.parts()) {
                    if (part.text != null && !part.text.isEmpty()) {
                        content.addObject().put("type", "text").put("text", part.text);
                    }
                }
            }
            if (answer.hasToolCalls()) {
                for (ToolCall call : answer.toolCalls) {
                    ObjectNode block = content.addObject();
                    block.put("type", "tool_use");
                    block.put("id", call.id);
                    block.put("name", call.function == null ? null : call.function.name);
                    block.set("input", input(call.function == null ? null : call.function.arguments));
                }
            }
        }
        message.put("stop_reason", stopReason(choice == null ? null : choice.finishReason));
        message.putNull("stop_sequence");
        message.set("usage", usage(completion.usage));
        return message;
    }

    /** The thinking blocks as the provider gave them, or reasoning text alone as an unsigned one. */
    private static void thinking(ChatMessage answer, ArrayNode content) {
        if (answer.hasThinking()) {
            for (ThinkingBlock block : answer.thinkingBlocks) {
                if (block.isRedacted()) {
                    content.addObject().put("type", "redacted_thinking").put("data", block.data);
                } else {
                    content.addObject().put("type", "thinking")
                            .put("thinking", block.thinking == null ? "" : block.thinking)
                            .put("signature", block.signature == null ? "" : block.signature);
                }
            }
        } else if (answer.reasoningContent != null && !answer.reasoningContent.isEmpty()) {
            content.addObject().put("type", "thinking").put("thinking", answer.reasoningContent).put("signature", "");
        }
    }

    /** The message's head as message_start carries it too: id, type, role, model. */
    static ObjectNode head(String id, String model) {
        ObjectNode message = Json.object();
        message.put("id", id == null ? "msg_" + UUID.randomUUID().toString().replace("-", "") : id);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        return message;
    }

    static String stopReason(String finishReason) {
        return finishReason == null ? "end_turn" : STOP_REASONS.getOrDefault(finishReason, "end_turn");
    }

    /**
     * Anthropic's usage: input_tokens counts only what was neither read from nor written to the cache, where the
     * canonical prompt_tokens counts all of them.
     */
    static ObjectNode usage(Usage usage) {
        ObjectNode node = Json.object();
        if (usage == null) {
            node.put("input_tokens", 0);
            node.put("output_tokens", 0);
            return node;
        }
        int cached = usage.cachedTokens();
        int written = usage.cacheCreationTokens();
        node.put("input_tokens", Math.max(0, usage.promptTokens - cached - written));
        node.put("cache_creation_input_tokens", written);
        node.put("cache_read_input_tokens", cached);
        node.put("output_tokens", usage.completionTokens);
        return node;
    }

    /** The tool call's arguments as the object Anthropic's tool_use input is; broken JSON becomes {}. */
    static JsonNode input(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode input = Json.tree(arguments);
            return input != null && input.isObject() ? input : Json.object();
        } catch (java.io.IOException e) {
            return Json.object();
        }
    }
}
