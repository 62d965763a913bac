package io.camelgateway.responses;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ContentPart;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.MessageContent;
import io.camelgateway.api.ThinkingBlock;
import io.camelgateway.api.ToolCall;

/**
 * Reads a Responses request's {@code input} (a string, or a list of items) into the canonical conversation. A
 * function_call item joins the assistant message before it, as the call's place in chat's format is the assistant
 * turn; a function_call_output item is a tool message. Anything the gateway cannot carry is a 400 naming the item.
 */
final class ResponsesInput {
    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");

    private final List<ChatMessage> messages = new ArrayList<>();
    /** Thinking read from reasoning items, for the assistant turn that follows them. */
    private final List<ThinkingBlock> thinking = new ArrayList<>();

    private ResponsesInput() {
    }

    static List<ChatMessage> read(JsonNode input) {
        ResponsesInput reader = new ResponsesInput();
        if (input == null || input.isNull()) {
            throw GatewayException.invalidRequest("input", "Missing required parameter: 'input'.");
        }
        if (input.isTextual()) {
            reader.messages.add(new ChatMessage("user", input.textValue()));
        } else if (input.isArray()) {
            if (input.isEmpty()) {
                throw GatewayException.invalidRequest("input", "'input' must be a string or a non-empty array.");
            }
            for (int i = 0; i < input.size(); i++) {
                reader.item(input.get(i), "input[" + i + "]");
            }
        } else {
            throw invalidType("input", "a string or an array of input items", input);
        }
        return reader.messages;
    }

    private void item(JsonNode item, String where) {
        if (!item.isObject()) {
            throw invalidType(where, "an object", item);
        }
        String type = item.has("type") ? text(item, "type", where) : item.has("role") ? "message" : null;
        if (type == null) {
            throw GatewayException.invalidRequest(where + ".type", "Missing required parameter: '" + where
                    + ".type'.");
        }
        switch (type) {
            case "message" -> message(item, where);
            case "function_call" -> functionCall(item, where);
            case "function_call_output" -> functionCallOutput(item, where);
            case "reasoning" -> reasoning(item, where);
            case "item_reference" -> throw GatewayException.invalidRequest(where + ".type", "'" + where
                    + "' is an item_reference, which this gateway does not resolve: send the item itself, or continue "
                    + "a stored response with previous_response_id.");
            default -> throw GatewayException.invalidRequest(where + ".type", "Invalid value for '" + where
                    + ".type': '" + type + "'. The gateway takes the item types 'message', 'function_call', "
                    + "'function_call_output' and 'reasoning'; it cannot run OpenAI's built-in tools.");
        }
    }

    private void message(JsonNode item, String where) {
        String role = required(item, "role", where);
        if (!ROLES.contains(role)) {
            throw GatewayException.invalidRequest(where + ".role", "Invalid value for '" + where + ".role': '"
                    + role + "'. Supported values are: 'user', 'assistant', 'system' and 'developer'.");
        }
        JsonNode content = item.get("content");
        ChatMessage message = new ChatMessage();
        message.role = role;
        if (role.equals("assistant")) {
            assistantTurn(message);
        }
        if (content == null || content.isNull()) {
            throw GatewayException.invalidRequest(where + ".content", "Missing required parameter: '" + where
                    + ".content'.");
        } else if (content.isTextual()) {
            message.content = MessageContent.text(content.textValue());
        } else if (content.isArray()) {
            message.content = MessageContent.parts(parts(content, where + ".content"));
        } else {
            throw invalidType(where + ".content", "a string or an array of content parts", content);
        }
        messages.add(message);
    }

    private static List<ContentPart> parts(JsonNode content, String where) {
        List<ContentPart> parts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String at = where + "[" + i + "]";
            if (!part.isObject()) {
                throw invalidType(at, "an object", part);
            }
            String type = required(part, "type", at);
            switch (type) {
                case "input_text", "output_text" -> parts.add(ContentPart.text(required(part, "text", at)));
                case "refusal" -> parts.add(ContentPart.text(required(part, "refusal", at)));
                case "input_image" -> parts.add(image(part, at));
                default -> throw GatewayException.invalidRequest(at + ".type", "Invalid value for '" + at
                        + ".type': '" + type + "'. The gateway takes the content types 'input_text', 'input_image', "
                        + "'output_text' and 'refusal'.");
            }
        }
        return parts;
    }

    private static ContentPart image(JsonNode part, String where) {
        if (part.hasNonNull("file_id")) {
            throw GatewayException.invalidRequest(where + ".file_id", "'" + where + "' names an uploaded file: "
                    + "the gateway passes images by image_url (https or data: URL) only.");
        }
        ContentPart image = ContentPart.image(required(part, "image_url", where));
        if (part.hasNonNull("detail")) {
            image.imageUrl.detail = text(part, "detail", where);
        }
        return image;
    }

    private void functionCall(JsonNode item, String where) {
        ToolCall call = ToolCall.of(required(item, "call_id", where), required(item, "name", where),
                required(item, "arguments", where));
        ChatMessage last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last == null || !last.role.equals("assistant") || !thinking.isEmpty()) {
            last = new ChatMessage();
            last.role = "assistant";
            assistantTurn(last);
            messages.add(last);
        }
        if (last.toolCalls == null) {
            last.toolCalls = new ArrayList<>();
        }
        last.toolCalls.add(call);
    }

    private void reasoning(JsonNode item, String where) {
        JsonNode summary = item.get("summary");
        if (summary != null && !summary.isArray()) {
            throw invalidType(where + ".summary", "an array of summary parts", summary);
        }
        ThinkingBlock block = ReasoningItems.block(item);
        if (block != null) {
            thinking.add(block);
        }
    }

    /** An assistant turn starts: the thinking that came before it is its own. */
    private void assistantTurn(ChatMessage message) {
        if (!thinking.isEmpty()) {
            message.thinkingBlocks = new ArrayList<>(thinking);
            thinking.clear();
        }
    }

    private void functionCallOutput(JsonNode item, String where) {
        ChatMessage result = new ChatMessage();
        result.role = "tool";
        result.toolCallId = required(item, "call_id", where);
        JsonNode output = item.get("output");
        if (output == null || output.isNull()) {
            throw GatewayException.invalidRequest(where + ".output", "Missing required parameter: '" + where
                    + ".output'.");
        } else if (output.isTextual()) {
            result.content = MessageContent.text(output.textValue());
        } else if (output.isArray()) {
            result.content = MessageContent.parts(parts(output, where + ".output"));
        } else {
            throw invalidType(where + ".output", "a string or an array of content parts", output);
        }
        messages.add(result);
    }

    private static String required(JsonNode node, String field, String where) {
        String value = text(node, field, where);
        if (value == null) {
            throw GatewayException.invalidRequest(where + "." + field, "Missing required parameter: '" + where
                    + "." + field + "'.");
        }
        return value;
    }

    /** The field's string, null when absent or null, and a 400 when it is another type. */
    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalidType(where + "." + field, "a string", value);
        }
        return value.textValue();
    }

    static GatewayException invalidType(String where, String expected, JsonNode got) {
        return GatewayException.invalidRequest(where, "Invalid type for '" + where + "': expected " + expected
                + ", but got " + kind(got) + " instead.");
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal";
            default -> "null";
        };
    }
}
