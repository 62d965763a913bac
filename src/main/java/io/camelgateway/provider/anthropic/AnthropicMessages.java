package io.camelgateway.provider.anthropic;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ContentPart;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.MessageContent;
import io.camelgateway.api.ThinkingBlock;
import io.camelgateway.api.ToolCall;

/** An OpenAI conversation in Anthropic's shape: the system text apart, and alternating user/assistant turns. */
final class AnthropicMessages {

    private static final Set<String> SYSTEM_ROLES = Set.of("system", "developer");

    /** OpenAI role to the Anthropic turn it joins; tool results travel in the user's turn. */
    private static final Map<String, String> TURN_ROLES = Map.of(
            "user", "user",
            "assistant", "assistant",
            "tool", "user");

    private AnthropicMessages() {
    }

    /**
     * The system and developer messages: joined into one string, or as text blocks when a part carries
     * cache_control (which only a block can hold); null when there are none.
     */
    static JsonNode system(List<ChatMessage> messages) {
        List<String> texts = new ArrayList<>();
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        boolean cached = false;
        for (ChatMessage m : messages) {
            if (!SYSTEM_ROLES.contains(m.role) || m.content == null) {
                continue;
            }
            if (!m.text().isEmpty()) {
                texts.add(m.text());
            }
            for (ContentPart part : m.content.parts()) {
                if (part.text != null && !part.text.isEmpty()) {
                    blocks.add(textBlock(part.text, part.cacheControl));
                    cached |= part.cacheControl != null;
                }
            }
        }
        if (cached) {
            return blocks;
        }
        return texts.isEmpty() ? null : TextNode.valueOf(String.join("\n\n", texts));
    }

    static ArrayNode turns(List<ChatMessage> messages) {
        ArrayNode turns = Json.MAPPER.createArrayNode();
        for (ChatMessage m : messages) {
            if (SYSTEM_ROLES.contains(m.role)) {
                continue;
            }
            String turnRole = m.role == null ? null : TURN_ROLES.get(m.role);
            if (turnRole == null) {
                throw GatewayException.invalidRequest("messages", "Unknown message role '" + m.role + "'.");
            }
            JsonNode content = switch (m.role) {
                case "tool" -> toolResult(m);
                case "assistant" -> m.hasToolCalls() || m.hasThinking() ? assistantBlocks(m) : content(m.content);
                default -> content(m.content);
            };
            if (content != null) {
                append(turns, turnRole, content);
            }
        }
        return turns;
    }

    /** Anthropic refuses two turns of the same role in a row, so such messages become one turn. */
    private static void append(ArrayNode turns, String role, JsonNode content) {
        if (!turns.isEmpty()) {
            ObjectNode last = (ObjectNode) turns.get(turns.size() - 1);
            if (role.equals(last.path("role").asText())) {
                ArrayNode merged = blocks(last.get("content"));
                merged.addAll(blocks(content));
                last.set("content", merged);
                return;
            }
        }
        ObjectNode turn = turns.addObject();
        turn.put("role", role);
        turn.set("content", content);
    }

    private static ArrayNode blocks(JsonNode content) {
        if (content.isArray()) {
            return (ArrayNode) content;
        }
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        // Anthropic rejects empty text blocks.
        if (!content.asText().isEmpty()) {
            blocks.add(textBlock(content.asText()));
        }
        return blocks;
    }

    /** A plain string stays a string; parts become content blocks. Null when there is no content to send. */
    private static JsonNode content(MessageContent content) {
        if (content == null) {
            return null;
        }
        if (content.isText()) {
            return TextNode.valueOf(content.joinedText());
        }
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        for (ContentPart part : content.parts()) {
            blocks.add(block(part));
        }
        return blocks;
    }

    private static ObjectNode block(ContentPart part) {
        if ("text".equals(part.type)) {
            return textBlock(part.text == null ? "" : part.text, part.cacheControl);
        }
        if (part.carriesImage()) {
            ObjectNode image = imageBlock(part.imageUrl);
            if (part.cacheControl != null) {
                image.set("cache_control", part.cacheControl);
            }
            return image;
        }
        throw GatewayException.invalidRequest("messages",
                "Content of type '" + part.type + "' cannot be sent to an Anthropic model.");
    }

    private static ObjectNode textBlock(String text) {
        return textBlock(text, null);
    }

    private static ObjectNode textBlock(String text, JsonNode cacheControl) {
        ObjectNode block = Json.object();
        block.put("type", "text");
        block.put("text", text);
        if (cacheControl != null) {
            block.set("cache_control", cacheControl);
        }
        return block;
    }

    private static ObjectNode imageBlock(ContentPart.ImageUrl image) {
        ObjectNode block = Json.object();
        block.put("type", "image");
        ObjectNode source = block.putObject("source");
        String url = image.url;
        if (url.startsWith("data:") && url.contains(";base64,") && image.dataMediaType() != null) {
            source.put("type", "base64");
            source.put("media_type", image.dataMediaType());
            source.put("data", image.dataBase64());
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.put("type", "url");
            source.put("url", url);
        } else {
            throw GatewayException.invalidRequest("messages",
                    "An image must be a base64 data URL or an http(s) URL to be sent to an Anthropic model.");
        }
        return block;
    }

    /**
     * An assistant turn as blocks: its thinking first, as Anthropic requires when thinking is on (unsigned thinking,
     * such as another provider's reasoning text, Anthropic would refuse, so it stays behind), then text, then calls.
     */
    private static ArrayNode assistantBlocks(ChatMessage m) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        if (m.hasThinking()) {
            for (ThinkingBlock thinking : m.thinkingBlocks) {
                if (thinking.isRedacted() && thinking.data != null) {
                    blocks.addObject().put("type", "redacted_thinking").put("data", thinking.data);
                } else if (!thinking.isRedacted() && thinking.signed()) {
                    blocks.addObject().put("type", "thinking")
                            .put("thinking", thinking.thinking == null ? "" : thinking.thinking)
                            .put("signature", thinking.signature);
                }
            }
        }
        if (m.content != null && !m.content.isText()) {
            for (ContentPart part : m.content.parts()) {
                if (part.text != null && !part.text.isEmpty()) {
                    blocks.add(block(part));
                }
            }
        } else if (!m.text().isEmpty()) {
            blocks.add(textBlock(m.text()));
        }
        if (!m.hasToolCalls()) {
            return blocks;
        }
        for (ToolCall call : m.toolCalls) {
            ObjectNode block = blocks.addObject();
            block.put("type", "tool_use");
            block.put("id", call.id);
            block.put("name", call.function == null ? null : call.function.name);
            block.set("input", input(call.function == null ? null : call.function.arguments));
        }
        return blocks;
    }

    /** Anthropic needs the input as an object, where OpenAI carries it as JSON text that may be empty or broken. */
    static JsonNode input(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode input = Json.tree(arguments);
            return input.isObject() ? input : Json.object();
        } catch (IOException e) {
            return Json.object();
        }
    }

    private static ArrayNode toolResult(ChatMessage m) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        ObjectNode block = blocks.addObject();
        block.put("type", "tool_result");
        block.put("tool_use_id", m.toolCallId);
        if (m.content != null && !m.content.isText()
                && m.content.parts().stream().anyMatch(p -> p.carriesImage() || p.cacheControl != null)) {
            block.set("content", content(m.content));
        } else if (!m.text().isEmpty()) {
            block.put("content", m.text());
        }
        return blocks;
    }
}
