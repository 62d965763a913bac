package io.camelgateway.provider.bedrock;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.ToolCall;
import io.camelgateway.api.Usage;
import io.camelgateway.provider.SseEvent;
import io.camelgateway.provider.StreamTranslator;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamFailures;

/**
 * Translates ConverseStream's events: messageStart, contentBlockStart (a tool call's id and name),
 * contentBlockDelta (text, or a piece of a tool call's input JSON), contentBlockStop, messageStop (the stop reason)
 * and metadata (usage), which comes last. An exception event ends the stream with the error it names.
 */
final class BedrockStreamTranslator implements StreamTranslator {
    private final Target target;
    private final String id = BedrockAnswer.newId();
    private final long created = Instant.now().getEpochSecond();
    /** Content block index to the OpenAI index of the tool call it carries. */
    private final Map<Integer, Integer> toolCallIndex = new HashMap<>();
    private boolean roleSent;
    private boolean finished;

    BedrockStreamTranslator(Target target) {
        this.target = target;
    }

    @Override
    public List<ChatCompletionChunk> translate(SseEvent event) {
        String type = event.event() == null ? "" : event.event();
        if (type.endsWith("Exception") || type.equals("error")) {
            throw BedrockErrors.inStream(target.providerName(), type, event.data());
        }
        if (finished) {
            return List.of();
        }
        JsonNode data = parse(event.data());
        return switch (type) {
            case "messageStart" -> List.of(chunk(delta(), null));
            case "contentBlockStart" -> toolCallStart(data);
            case "contentBlockDelta" -> contentDelta(data);
            case "messageStop" -> List.of(chunk(delta(), BedrockAnswer.finishReason(
                    data.path("stopReason").asText(null))));
            case "metadata" -> {
                finished = true;
                Usage usage = BedrockAnswer.usage(data.get("usage"));
                ChatCompletionChunk last = chunk(null, null);
                last.usage = usage != null ? usage : new Usage(0, 0);
                yield List.of(last);
            }
            default -> List.of(); // contentBlockStop, and event types added later
        };
    }

    @Override
    public boolean finished() {
        return finished;
    }

    private List<ChatCompletionChunk> toolCallStart(JsonNode data) {
        JsonNode use = data.path("start").path("toolUse");
        if (!use.isObject()) {
            return List.of();
        }
        int index = toolCallIndex.size();
        toolCallIndex.put(data.path("contentBlockIndex").asInt(), index);
        ToolCall call = ToolCall.of(use.path("toolUseId").asText(), use.path("name").asText(), "");
        call.index = index;
        ChatCompletionChunk.Delta delta = delta();
        delta.toolCalls = List.of(call);
        return List.of(chunk(delta, null));
    }

    private List<ChatCompletionChunk> contentDelta(JsonNode data) {
        JsonNode change = data.path("delta");
        ChatCompletionChunk.Delta delta = delta();
        if (change.hasNonNull("text")) {
            delta.content = change.get("text").asText();
        } else if (change.path("toolUse").hasNonNull("input")) {
            Integer index = toolCallIndex.get(data.path("contentBlockIndex").asInt());
            if (index == null) {
                throw invalid("tool input for a content block that started no tool call", null);
            }
            ToolCall piece = new ToolCall();
            piece.index = index;
            piece.function = new ToolCall.FunctionCall(null, change.path("toolUse").get("input").asText());
            delta.toolCalls = List.of(piece);
        } else {
            return List.of(); // reasoning content and citations are not carried
        }
        return List.of(chunk(delta, null));
    }

    /** A delta that carries the role when it is the stream's first. */
    private ChatCompletionChunk.Delta delta() {
        ChatCompletionChunk.Delta delta = new ChatCompletionChunk.Delta();
        if (!roleSent) {
            delta.role = "assistant";
            roleSent = true;
        }
        return delta;
    }

    private ChatCompletionChunk chunk(ChatCompletionChunk.Delta delta, String finishReason) {
        ChatCompletionChunk chunk = new ChatCompletionChunk();
        chunk.id = id;
        chunk.created = created;
        chunk.model = target.upstreamModel();
        chunk.choices = delta == null ? List.of() : List.of(new ChatCompletionChunk.Choice(0, delta, finishReason));
        return chunk;
    }

    private JsonNode parse(String data) {
        try {
            return Json.objectTree(data);
        } catch (IOException e) {
            throw invalid("a stream event that could not be read", e);
        }
    }

    private GatewayException invalid(String what, Throwable cause) {
        return UpstreamFailures.invalidStream(target, "sent " + what + ".", cause);
    }
}
