package io.camelgateway.provider.anthropic;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.ThinkingBlock;
import io.camelgateway.api.ToolCall;
import io.camelgateway.api.Usage;
import io.camelgateway.provider.SseEvent;
import io.camelgateway.provider.StreamTranslator;
import io.camelgateway.provider.Target;

/** Anthropic's streamed Messages events as OpenAI chunks. One instance per stream. */
public class AnthropicStreamTranslator implements StreamTranslator {

    private final Target target;
    private final long created = Instant.now().getEpochSecond();
    private String id;
    private String model;
    private int promptTokens;
    private int completionTokens;
    private int cacheReadTokens;
    private int cacheCreationTokens;
    /** Anthropic numbers all content blocks; OpenAI numbers tool calls alone. */
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    private final Set<Integer> toolsWithArguments = new HashSet<>();
    private boolean finished;
    private boolean started;

    public AnthropicStreamTranslator(Target target) {
        this.target = target;
        this.model = target.upstreamModel();
    }

    @Override
    public List<ChatCompletionChunk> translate(SseEvent event) {
        if ("ping".equals(event.event())) {
            return List.of();
        }
        JsonNode data = parse(event.data());
        String type = event.event() != null ? event.event() : data.path("type").asText();
        return switch (type) {
            case "message_start" -> messageStart(data.path("message"));
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"));
            case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"));
            case "content_block_stop" -> blockStop(data.path("index").asInt());
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> {
                if (!started) {
                    throw new GatewayException(502, "server_error", "upstream_invalid_response", "Provider '"
                            + target.providerName() + "' ended its stream without starting a message.");
                }
                yield messageStop();
            }
            case "error" -> throw streamError(data.path("error"));
            default -> List.of(); // ping, and events added to the API after this was written
        };
    }

    @Override
    public boolean finished() {
        return finished;
    }

    private List<ChatCompletionChunk> messageStart(JsonNode message) {
        started = true;
        id = message.path("id").asText(id);
        model = message.path("model").asText(model);
        JsonNode usage = message.path("usage");
        promptTokens = AnthropicAnswers.promptTokens(usage);
        completionTokens = AnthropicAnswers.completionTokens(usage);
        cacheReadTokens = usage.path("cache_read_input_tokens").asInt();
        cacheCreationTokens = usage.path("cache_creation_input_tokens").asInt();
        ChatCompletionChunk.Delta delta = new ChatCompletionChunk.Delta();
        delta.role = "assistant";
        delta.content = "";
        return List.of(chunk(delta, null));
    }

    private List<ChatCompletionChunk> blockStart(int blockIndex, JsonNode block) {
        switch (block.path("type").asText()) {
            case "text" -> {
                return text(block.path("text").asText());
            }
            case "tool_use" -> {
                int toolIndex = toolIndexByBlock.size();
                toolIndexByBlock.put(blockIndex, toolIndex);
                ToolCall call = ToolCall.of(block.path("id").asText(), block.path("name").asText(), "");
                call.index = toolIndex;
                return toolCallDelta(call);
            }
            case "thinking" -> {
                return reasoning(block.path("thinking").asText());
            }
            case "redacted_thinking" -> {
                return thinkingBlock(ThinkingBlock.redacted(block.path("data").asText()));
            }
            default -> {
                return List.of(); // server tool blocks and others added to the API later
            }
        }
    }

    private List<ChatCompletionChunk> blockDelta(int blockIndex, JsonNode delta) {
        switch (delta.path("type").asText()) {
            case "text_delta" -> {
                return text(delta.path("text").asText());
            }
            case "input_json_delta" -> {
                Integer toolIndex = toolIndexByBlock.get(blockIndex);
                String json = delta.path("partial_json").asText();
                if (toolIndex == null || json.isEmpty()) {
                    return List.of();
                }
                toolsWithArguments.add(toolIndex);
                return toolCallDelta(arguments(toolIndex, json));
            }
            case "thinking_delta" -> {
                return reasoning(delta.path("thinking").asText());
            }
            case "signature_delta" -> {
                return thinkingBlock(ThinkingBlock.thinking(null, delta.path("signature").asText()));
            }
            default -> {
                return List.of(); // citations_delta and others added to the API later
            }
        }
    }

    /** A tool called with no input streams no JSON at all; OpenAI clients expect its arguments to parse. */
    private List<ChatCompletionChunk> blockStop(int blockIndex) {
        Integer toolIndex = toolIndexByBlock.get(blockIndex);
        if (toolIndex == null || toolsWithArguments.contains(toolIndex)) {
            return List.of();
        }
        return toolCallDelta(arguments(toolIndex, "{}"));
    }

    private List<ChatCompletionChunk> messageDelta(JsonNode data) {
        JsonNode usage = data.path("usage");
        // message_delta's usage is cumulative, so it replaces what message_start said.
        if (usage.path("output_tokens").isNumber()) {
            completionTokens = AnthropicAnswers.completionTokens(usage);
        }
        if (usage.path("input_tokens").isNumber()) {
            promptTokens = AnthropicAnswers.promptTokens(usage);
            cacheReadTokens = usage.path("cache_read_input_tokens").asInt();
            cacheCreationTokens = usage.path("cache_creation_input_tokens").asInt();
        }
        String finishReason = AnthropicAnswers.finishReason(data.path("delta").path("stop_reason").asText(null));
        return List.of(chunk(new ChatCompletionChunk.Delta(), finishReason));
    }

    private List<ChatCompletionChunk> messageStop() {
        finished = true;
        ChatCompletionChunk usageChunk = emptyChunk();
        usageChunk.usage = new Usage(promptTokens, completionTokens).withCache(cacheReadTokens, cacheCreationTokens);
        return List.of(usageChunk);
    }

    private List<ChatCompletionChunk> text(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        ChatCompletionChunk.Delta delta = new ChatCompletionChunk.Delta();
        delta.content = text;
        return List.of(chunk(delta, null));
    }

    private List<ChatCompletionChunk> reasoning(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        ChatCompletionChunk.Delta delta = new ChatCompletionChunk.Delta();
        delta.reasoningContent = text;
        return List.of(chunk(delta, null));
    }

    private List<ChatCompletionChunk> thinkingBlock(ThinkingBlock block) {
        ChatCompletionChunk.Delta delta = new ChatCompletionChunk.Delta();
        delta.thinkingBlocks = List.of(block);
        return List.of(chunk(delta, null));
    }

    private static ToolCall arguments(int toolIndex, String json) {
        ToolCall call = new ToolCall();
        call.index = toolIndex;
        call.function = new ToolCall.FunctionCall(null, json);
        return call;
    }

    private List<ChatCompletionChunk> toolCallDelta(ToolCall call) {
        ChatCompletionChunk.Delta delta = new ChatCompletionChunk.Delta();
        delta.toolCalls = List.of(call);
        return List.of(chunk(delta, null));
    }

    private ChatCompletionChunk chunk(ChatCompletionChunk.Delta delta, String finishReason) {
        ChatCompletionChunk chunk = emptyChunk();
        chunk.choices = List.of(new ChatCompletionChunk.Choice(0, delta, finishReason));
        return chunk;
    }

    private ChatCompletionChunk emptyChunk() {
        ChatCompletionChunk chunk = new ChatCompletionChunk();
        chunk.id = id;
        chunk.created = created;
        chunk.model = model;
        return chunk;
    }

    private JsonNode parse(String data) {
        try {
            JsonNode node = data == null || data.isBlank() ? null : Json.tree(data);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new GatewayException(502, "server_error", "upstream_invalid_response",
                "Provider '" + target.providerName() + "' sent a stream event that is not a JSON object.");
    }

    private GatewayException streamError(JsonNode error) {
        String type = error.path("type").asText("");
        String message = "Provider '" + target.providerName() + "' reported an error during the stream: "
                + error.path("message").asText(type);
        if ("overloaded_error".equals(type)) {
            return new GatewayException(503, "server_error", "provider_overloaded", message);
        }
        return new GatewayException(502, "server_error", "upstream_error", message);
    }
}
