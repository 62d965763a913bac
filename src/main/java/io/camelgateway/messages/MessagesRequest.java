package io.camelgateway.messages;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ContentPart;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.MessageContent;
import io.camelgateway.api.ThinkingBlock;
import io.camelgateway.api.Tool;
import io.camelgateway.api.ToolCall;
import io.camelgateway.routing.ModelNames;

/**
 * An Anthropic Messages request (POST /v1/messages) as the canonical chat request, so that it takes the same flow
 * as chat. The system prompt becomes system messages, each user turn's tool_result blocks become tool messages
 * before the rest of the turn, an assistant turn's thinking its thinking_blocks and its tool_use blocks its tool
 * calls; cache_control stays on the parts and tools that carry it. Errors name the field as Anthropic's API does.
 */
final class MessagesRequest {
    private MessagesRequest() {
    }

    /** @param forCounting a count_tokens body, which has no max_tokens */
    static ChatRequest read(JsonNode body, boolean forCounting) {
        if (!body.isObject()) {
            throw invalid("The request body must be a JSON object.");
        }
        ChatRequest r = new ChatRequest();
        r.model = requiredText(body, "model");
        ModelNames.requireValid(r.model);
        if (!forCounting) {
            JsonNode max = body.get("max_tokens");
            if (max == null || !max.canConvertToInt() || max.asInt() < 1) {
                throw invalid("max_tokens: Field required (a positive integer)");
            }
            r.maxTokens = max.asInt();
        }
        r.messages = new ArrayList<>();
        system(body.get("system"), r.messages);
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw invalid("messages: Field required (a non-empty array)");
        }
        for (int i = 0; i < messages.size(); i++) {
            turn(messages.get(i), "messages." + i, r.messages);
        }
        r.stream = body.path("stream").asBoolean(false) ? Boolean.TRUE : null;
        if (r.streaming()) {
            // The Messages stream always ends with usage (message_delta), so the gateway always asks for it.
            r.streamOptions = new ChatRequest.StreamOptions(true);
        }
        r.temperature = number(body, "temperature", 0, 1);
        r.topP = number(body, "top_p", 0, 1);
        if (body.hasNonNull("top_k")) {
            r.topK = body.get("top_k").asInt();
        }
        JsonNode stops = body.get("stop_sequences");
        if (stops != null && stops.isArray() && !stops.isEmpty()) {
            r.stop = new ArrayList<>();
            stops.forEach(s -> r.stop.add(s.asText()));
        }
        r.user = body.path("metadata").path("user_id").asText(null);
        if (body.hasNonNull("thinking")) {
            r.thinking = body.get("thinking");
        }
        tools(body.get("tools"), r);
        toolChoice(body.get("tool_choice"), r);
        return r;
    }

    private static void system(JsonNode system, List<ChatMessage> into) {
        if (system == null || system.isNull()) {
            return;
        }
        ChatMessage m = new ChatMessage();
        m.role = "system";
        if (system.isTextual()) {
            m.content = MessageContent.text(system.asText());
        } else if (system.isArray()) {
            List<ContentPart> parts = new ArrayList<>();
            for (int i = 0; i < system.size(); i++) {
                JsonNode block = system.get(i);
                if (!"text".equals(block.path("type").asText())) {
                    throw invalid("system." + i + ".type: Input should be 'text'");
                }
                parts.add(textPart(block));
            }
            m.content = MessageContent.parts(parts);
        } else {
            throw invalid("system: Input should be a valid string or a list of text blocks");
        }
        into.add(m);
    }

    private static void turn(JsonNode turn, String where, List<ChatMessage> into) {
        String role = turn.path("role").asText("");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw invalid(where + ".role: Input should be 'user' or 'assistant'");
        }
        JsonNode content = turn.get("content");
        if (content != null && content.isTextual()) {
            into.add(new ChatMessage(role, content.asText()));
            return;
        }
        if (content == null || !content.isArray()) {
            throw invalid(where + ".content: Input should be a valid string or a list of content blocks");
        }
        if (role.equals("user")) {
            userTurn(content, where, into);
        } else {
            into.add(assistantTurn(content, where));
        }
    }

    /** Tool results first, each its own tool message, as OpenAI has them right after the calls; then the rest. */
    private static void userTurn(JsonNode blocks, String where, List<ChatMessage> into) {
        List<ContentPart> parts = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            String at = where + ".content." + i;
            switch (block.path("type").asText()) {
                case "text" -> parts.add(textPart(block));
                case "image" -> parts.add(imagePart(block, at));
                case "tool_result" -> into.add(toolResult(block, at));
                default -> throw unsupported(block, at);
            }
        }
        if (!parts.isEmpty()) {
            ChatMessage m = new ChatMessage();
            m.role = "user";
            m.content = MessageContent.parts(parts);
            into.add(m);
        }
    }

    private static ChatMessage toolResult(JsonNode block, String where) {
        ChatMessage m = new ChatMessage();
        m.role = "tool";
        m.toolCallId = requiredText(block, "tool_use_id", where);
        JsonNode content = block.get("content");
        if (content == null || content.isNull()) {
            m.content = MessageContent.text("");
        } else if (content.isTextual()) {
            m.content = MessageContent.text(content.asText());
        } else if (content.isArray()) {
            List<ContentPart> parts = new ArrayList<>();
            for (int i = 0; i < content.size(); i++) {
                JsonNode part = content.get(i);
                switch (part.path("type").asText()) {
                    case "text" -> parts.add(textPart(part));
                    case "image" -> parts.add(imagePart(part, where + ".content." + i));
                    default -> throw unsupported(part, where + ".content." + i);
                }
            }
            m.content = MessageContent.parts(parts);
        } else {
            throw invalid(where + ".content: Input should be a valid string or a list of content blocks");
        }
        if (block.path("is_error").asBoolean(false)) {
            // The canonical tool message has no error flag: the model reads it in the result instead.
            m.content = MessageContent.text("Error: " + m.text());
        }
        return m;
    }

    private static ChatMessage assistantTurn(JsonNode blocks, String where) {
        ChatMessage m = new ChatMessage();
        m.role = "assistant";
        List<ContentPart> parts = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        List<ThinkingBlock> thinking = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            String at = where + ".content." + i;
            switch (block.path("type").asText()) {
                case "text" -> parts.add(textPart(block));
                case "thinking" -> thinking.add(ThinkingBlock.thinking(block.path("thinking").asText(""),
                        block.path("signature").asText(null)));
                case "redacted_thinking" -> thinking.add(ThinkingBlock.redacted(requiredText(block, "data", at)));
                case "tool_use" -> calls.add(ToolCall.of(requiredText(block, "id", at),
                        requiredText(block, "name", at),
                        Json.writeString(block.path("input").isObject() ? block.get("input") : Json.object())));
                default -> throw unsupported(block, at);
            }
        }
        m.content = parts.isEmpty() && !calls.isEmpty() ? null : MessageContent.parts(parts);
        m.toolCalls = calls.isEmpty() ? null : calls;
        m.thinkingBlocks = thinking.isEmpty() ? null : thinking;
        return m;
    }

    private static ContentPart textPart(JsonNode block) {
        ContentPart part = ContentPart.text(block.path("text").asText(""));
        part.cacheControl = block.get("cache_control");
        return part;
    }

    /** Anthropic's base64 and url image sources as OpenAI's image_url (a data URL for base64). */
    private static ContentPart imagePart(JsonNode block, String where) {
        JsonNode source = block.path("source");
        String url = switch (source.path("type").asText()) {
            case "base64" -> "data:" + requiredText(source, "media_type", where + ".source") + ";base64,"
                    + requiredText(source, "data", where + ".source");
            case "url" -> requiredText(source, "url", where + ".source");
            default -> throw invalid(where + ".source.type: Input should be 'base64' or 'url'");
        };
        ContentPart part = ContentPart.image(url);
        part.cacheControl = block.get("cache_control");
        return part;
    }

    private static void tools(JsonNode tools, ChatRequest r) {
        if (tools == null || tools.isNull()) {
            return;
        }
        if (!tools.isArray()) {
            throw invalid("tools: Input should be a valid list");
        }
        r.tools = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            String type = t.path("type").asText("custom");
            if (!type.equals("custom")) {
                throw invalid("tools." + i + ".type: Anthropic's server tool '" + type
                        + "' cannot be used through the gateway; only custom tools (name, input_schema) can.");
            }
            Tool tool = new Tool();
            tool.type = "function";
            tool.function = new Tool.Function();
            tool.function.name = requiredText(t, "name", "tools." + i);
            tool.function.description = t.path("description").asText(null);
            tool.function.parameters = t.get("input_schema");
            if (tool.function.parameters == null || !tool.function.parameters.isObject()) {
                throw invalid("tools." + i + ".input_schema: Field required");
            }
            tool.cacheControl = t.get("cache_control");
            r.tools.add(tool);
        }
    }

    /** Anthropic's tool_choice as OpenAI's; disable_parallel_tool_use as parallel_tool_calls false. */
    private static void toolChoice(JsonNode choice, ChatRequest r) {
        if (choice == null || choice.isNull()) {
            return;
        }
        switch (choice.path("type").asText()) {
            case "auto" -> r.toolChoice = Json.MAPPER.getNodeFactory().textNode("auto");
            case "any" -> r.toolChoice = Json.MAPPER.getNodeFactory().textNode("required");
            case "none" -> r.toolChoice = Json.MAPPER.getNodeFactory().textNode("none");
            case "tool" -> {
                var named = Json.object();
                named.put("type", "function");
                named.putObject("function").put("name", requiredText(choice, "name", "tool_choice"));
                r.toolChoice = named;
            }
            default -> throw invalid("tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
            r.parallelToolCalls = false;
        }
    }

    private static Double number(JsonNode body, String field, double min, double max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw invalid(field + ": Input should be a number between " + (int) min + " and " + (int) max);
        }
        return value.asDouble();
    }

    private static String requiredText(JsonNode node, String field) {
        return requiredText(node, field, null);
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw invalid((where == null ? "" : where + ".") + field + ": Field required");
        }
        return value.asText();
    }

    private static GatewayException unsupported(JsonNode block, String where) {
        return invalid(where + ".type: content of type '" + block.path("type").asText()
                + "' cannot be sent through the gateway");
    }

    private static GatewayException invalid(String message) {
        return GatewayException.invalidRequest(null, message);
    }
}
