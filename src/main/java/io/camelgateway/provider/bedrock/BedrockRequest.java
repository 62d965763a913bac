package io.camelgateway.provider.bedrock;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ContentPart;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.Tool;
import io.camelgateway.api.ToolCall;

/**
 * Builds a Converse (and ConverseStream) body from a chat request: system and developer messages become
 * {@code system}, tool messages become {@code toolResult} blocks in a user turn, assistant tool calls become
 * {@code toolUse} blocks, and consecutive turns of one role are merged, as Converse wants turns to alternate.
 */
final class BedrockRequest {
    /** The image formats Converse takes, by the media type of a data URL. */
    private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");

    private BedrockRequest() {
    }

    static ObjectNode body(ChatRequest request) {
        ObjectNode body = Json.object();
        ArrayNode system = Json.MAPPER.createArrayNode();
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : request.messages) {
            switch (message.role == null ? "" : message.role) {
                case "system", "developer" -> {
                    if (!message.text().isEmpty()) {
                        system.addObject().put("text", message.text());
                    }
                }
                case "user" -> turn(messages, "user").addAll(userContent(message));
                case "assistant" -> turn(messages, "assistant").addAll(assistantContent(message));
                case "tool" -> turn(messages, "user").add(toolResult(message));
                default -> throw GatewayException.invalidRequest("messages", "A message role '" + message.role
                        + "' cannot be sent to a Bedrock model.");
            }
        }
        if (!system.isEmpty()) {
            body.set("system", system);
        }
        ObjectNode inference = inferenceConfig(request);
        if (!inference.isEmpty()) {
            body.set("inferenceConfig", inference);
        }
        if (request.tools != null && !request.tools.isEmpty()) {
            body.set("toolConfig", toolConfig(request.tools, request.toolChoice));
        }
        return body;
    }

    /** The content of the last turn when it has this role, else of a new turn with it. */
    private static ArrayNode turn(ArrayNode messages, String role) {
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            return (ArrayNode) last.get("content");
        }
        ObjectNode turn = messages.addObject().put("role", role);
        return turn.putArray("content");
    }

    private static ArrayNode userContent(ChatMessage message) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        if (message.content == null) {
            return blocks;
        }
        for (ContentPart part : message.content.parts()) {
            if (part.carriesImage()) {
                blocks.add(image(part.imageUrl));
            } else if (part.text != null && !part.text.isEmpty()) {
                blocks.addObject().put("text", part.text);
            }
        }
        return blocks;
    }

    /** Converse takes image bytes (or an S3 location), not a URL to fetch: only data URLs can be sent. */
    private static ObjectNode image(ContentPart.ImageUrl url) {
        String mediaType = url.dataMediaType();
        String format = mediaType == null || !mediaType.startsWith("image/") ? null : mediaType.substring(6);
        if (format != null && format.equals("jpg")) {
            format = "jpeg";
        }
        if (format == null || !IMAGE_FORMATS.contains(format) || url.dataBase64() == null) {
            throw GatewayException.invalidRequest("messages", "Bedrock takes images as data URLs "
                    + "(data:image/png;base64,...) of PNG, JPEG, GIF or WebP, not links to fetch.");
        }
        ObjectNode block = Json.object();
        ObjectNode image = block.putObject("image").put("format", format);
        image.putObject("source").put("bytes", url.dataBase64());
        return block;
    }

    private static ArrayNode assistantContent(ChatMessage message) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        if (!message.text().isEmpty()) {
            blocks.addObject().put("text", message.text());
        }
        if (message.hasToolCalls()) {
            for (ToolCall call : message.toolCalls) {
                ObjectNode use = blocks.addObject().putObject("toolUse");
                use.put("toolUseId", call.id);
                use.put("name", call.function == null ? null : call.function.name);
                use.set("input", arguments(call));
            }
        }
        return blocks;
    }

    /** A tool call's arguments as the JSON object Converse wants; OpenAI carries them as a JSON text. */
    private static JsonNode arguments(ToolCall call) {
        String text = call.function == null ? null : call.function.arguments;
        if (text == null || text.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode parsed = Json.tree(text);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (IOException e) {
            // refused below
        }
        throw GatewayException.invalidRequest("messages", "The arguments of tool call '" + call.id
                + "' must be a JSON object to send them to a Bedrock model.");
    }

    private static ObjectNode toolResult(ChatMessage message) {
        ObjectNode block = Json.object();
        ObjectNode result = block.putObject("toolResult");
        result.put("toolUseId", message.toolCallId);
        result.putArray("content").addObject().put("text", message.text());
        return block;
    }

    private static ObjectNode inferenceConfig(ChatRequest r) {
        ObjectNode config = Json.object();
        if (r.outputTokenLimit() != null) config.put("maxTokens", r.outputTokenLimit());
        if (r.temperature != null) config.put("temperature", r.temperature);
        if (r.topP != null) config.put("topP", r.topP);
        if (r.stop != null && !r.stop.isEmpty()) r.stop.forEach(config.putArray("stopSequences")::add);
        return config;
    }

    private static ObjectNode toolConfig(List<Tool> tools, JsonNode choice) {
        ObjectNode config = Json.object();
        ArrayNode specs = config.putArray("tools");
        for (Tool tool : tools) {
            if (tool.function == null || tool.function.name == null) {
                throw GatewayException.invalidRequest("tools",
                        "Only function tools with a name can be sent to a Bedrock model.");
            }
            ObjectNode spec = specs.addObject().putObject("toolSpec").put("name", tool.function.name);
            if (tool.function.description != null) {
                spec.put("description", tool.function.description);
            }
            JsonNode schema = tool.function.parameters != null ? tool.function.parameters
                    : Json.object().put("type", "object");
            spec.putObject("inputSchema").set("json", schema);
        }
        ObjectNode toolChoice = toolChoice(choice);
        if (toolChoice != null) {
            config.set("toolChoice", toolChoice);
        }
        return config;
    }

    /** Converse knows auto, any and one named tool; "none" has no equivalent, so the model may still call one. */
    private static ObjectNode toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        ObjectNode result = Json.object();
        if (choice.isObject() && choice.path("function").hasNonNull("name")) {
            result.putObject("tool").put("name", choice.path("function").path("name").asText());
            return result;
        }
        switch (choice.asText()) {
            case "auto" -> result.putObject("auto");
            case "required" -> result.putObject("any");
            default -> {
                return null;
            }
        }
        return result;
    }
}
