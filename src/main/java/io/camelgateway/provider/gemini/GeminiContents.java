package io.camelgateway.provider.gemini;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ContentPart;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.ToolCall;

/** Turns OpenAI messages into Gemini's systemInstruction and contents. */
final class GeminiContents {

    private static final Map<String, String> IMAGE_TYPES = Map.of(
            "png", "image/png",
            "jpg", "image/jpeg",
            "jpeg", "image/jpeg",
            "gif", "image/gif",
            "webp", "image/webp",
            "heic", "image/heic",
            "heif", "image/heif");

    private record Turn(String role, ArrayNode parts) {
    }

    private final List<String> systemTexts = new ArrayList<>();
    private final List<Turn> turns = new ArrayList<>();
    /** Gemini names a function response by the function's name, where OpenAI uses the call id. */
    private final Map<String, String> functionNames = new HashMap<>();

    private GeminiContents() {
    }

    /** Sets systemInstruction (when there is any) and contents on a generateContent body. */
    static void write(List<ChatMessage> messages, ObjectNode body) {
        GeminiContents c = new GeminiContents();
        if (messages != null) {
            messages.forEach(c::add);
        }
        if (!c.systemTexts.isEmpty()) {
            body.set("systemInstruction", textContent(String.join("\n\n", c.systemTexts)));
        }
        ArrayNode contents = body.putArray("contents");
        for (Turn turn : c.turns) {
            ObjectNode content = contents.addObject();
            content.put("role", turn.role());
            content.set("parts", turn.parts());
        }
    }

    private void add(ChatMessage m) {
        switch (String.valueOf(m.role)) {
            case "system", "developer" -> {
                if (!m.text().isBlank()) {
                    systemTexts.add(m.text());
                }
            }
            case "user" -> append("user", contentParts(m));
            case "assistant" -> append("model", assistantParts(m));
            case "tool" -> append("user", functionResponse(m));
            default -> throw GatewayException.invalidRequest("messages",
                    "The role '" + m.role + "' is not supported by Gemini.");
        }
    }

    /** Gemini wants user and model turns to alternate, so a turn of the same role joins the previous one. */
    private void append(String role, ArrayNode parts) {
        if (parts.isEmpty()) {
            return;
        }
        Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && last.role().equals(role)) {
            last.parts().addAll(parts);
        } else {
            turns.add(new Turn(role, parts));
        }
    }

    private ArrayNode contentParts(ChatMessage m) {
        ArrayNode parts = Json.MAPPER.createArrayNode();
        if (m.content == null) {
            return parts;
        }
        for (ContentPart part : m.content.parts()) {
            if (part.carriesImage()) {
                parts.add(imagePart(part.imageUrl));
            } else if (part.text != null && !part.text.isEmpty()) {
                parts.addObject().put("text", part.text);
            }
        }
        return parts;
    }

    /**
     * The model's turn as Gemini gave it: text, then function calls, with the thoughtSignatures back in place (the
     * first on the first function call, as Gemini requires; on the last text part when there is no call).
     */
    private ArrayNode assistantParts(ChatMessage m) {
        ArrayNode parts = contentParts(m);
        List<ObjectNode> calls = new ArrayList<>();
        if (m.hasToolCalls()) {
            for (ToolCall call : m.toolCalls) {
                functionNames.put(call.id, call.function.name);
                ObjectNode part = parts.addObject();
                ObjectNode functionCall = part.putObject("functionCall");
                functionCall.put("name", call.function.name);
                functionCall.set("args", objectOrNull(call.function.arguments, Json.object()));
                calls.add(part);
            }
        }
        List<String> signatures = m.hasThinking() ? m.thinkingBlocks.stream()
                .filter(b -> !b.isRedacted() && b.signed()).map(b -> b.signature).toList() : List.of();
        if (!calls.isEmpty()) {
            for (int i = 0; i < signatures.size() && i < calls.size(); i++) {
                calls.get(i).put(GeminiCandidate.THOUGHT_SIGNATURE, signatures.get(i));
            }
        } else if (!signatures.isEmpty() && !parts.isEmpty()) {
            ((ObjectNode) parts.get(parts.size() - 1)).put(GeminiCandidate.THOUGHT_SIGNATURE, signatures.get(0));
        }
        return parts;
    }

    private ArrayNode functionResponse(ChatMessage m) {
        String text = m.text();
        String name = functionNames.getOrDefault(m.toolCallId, m.name != null ? m.name : m.toolCallId);
        ObjectNode response = objectOrNull(text, null);
        if (response == null) {
            response = Json.object().put("result", text);
        }
        ArrayNode parts = Json.MAPPER.createArrayNode();
        ObjectNode functionResponse = parts.addObject().putObject("functionResponse");
        functionResponse.put("name", name);
        functionResponse.set("response", response);
        return parts;
    }

    private static ObjectNode imagePart(ContentPart.ImageUrl image) {
        ObjectNode part = Json.object();
        if (image.url.startsWith("data:")) {
            String mimeType = image.dataMediaType();
            String data = image.dataBase64();
            if (mimeType == null || data == null) {
                throw GatewayException.invalidRequest("messages", "An image data URL could not be read.");
            }
            part.putObject("inlineData").put("mimeType", mimeType).put("data", data);
        } else {
            part.putObject("fileData").put("mimeType", guessImageType(image.url)).put("fileUri", image.url);
        }
        return part;
    }

    static String guessImageType(String url) {
        String path = url.replaceFirst("[?#].*$", "");
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return IMAGE_TYPES.getOrDefault(extension, "image/jpeg");
    }

    private static ObjectNode objectOrNull(String json, ObjectNode fallback) {
        if (json == null || json.isBlank()) {
            return fallback;
        }
        try {
            JsonNode node = Json.tree(json);
            return node instanceof ObjectNode object ? object : fallback;
        } catch (IOException e) {
            return fallback;
        }
    }

    private static ObjectNode textContent(String text) {
        ObjectNode content = Json.object();
        content.putArray("parts").addObject().put("text", text);
        return content;
    }
}
