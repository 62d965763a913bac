package io.camelgateway.messages;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;

import io.camelgateway.api.AnthropicError;
import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.ThinkingBlock;
import io.camelgateway.api.ToolCall;
import io.camelgateway.api.Usage;
import io.camelgateway.http.SseEncoder;
import io.camelgateway.http.SseEvents;

/**
 * A canonical stream as Anthropic's Messages events: message_start and a ping, then for each content block its
 * content_block_start, deltas (thinking_delta, signature_delta, text_delta, input_json_delta) and
 * content_block_stop, then message_delta with the stop_reason and usage, and message_stop. A block opens when its
 * first piece arrives and closes when a piece of another kind does (a signature closes its thinking block). One
 * instance per stream; the stream's chunks come to it one at a time.
 */
final class MessagesEvents implements SseEncoder {
    private enum Block { NONE, THINKING, REDACTED, TEXT, TOOL }

    private boolean started;
    private Block open = Block.NONE;
    private int blockIndex = -1;
    /** Anthropic numbers all content blocks; OpenAI numbers tool calls alone. */
    private final Map<Integer, Integer> blockByToolCall = new HashMap<>();
    private String stopReason;
    private Usage usage;

    @Override
    public void chunk(ByteBuf out, ChatCompletionChunk chunk) {
        if (!started) {
            started = true;
            ObjectNode start = typed("message_start");
            ObjectNode message = MessagesAnswer.head(chunk.id, chunk.model);
            message.putArray("content");
            message.putNull("stop_reason");
            message.putNull("stop_sequence");
            // The counts arrive with the stream's end, in message_delta.
            message.set("usage", MessagesAnswer.usage(null));
            start.set("message", message);
            SseEvents.typed(out, start);
            SseEvents.typed(out, typed("ping"));
        }
        if (chunk.usage != null) {
            usage = chunk.usage;
        }
        if (chunk.choices == null) {
            return;
        }
        for (ChatCompletionChunk.Choice choice : chunk.choices) {
            if (choice == null || choice.index != 0) {
                continue; // the Messages API has one answer per request
            }
            if (choice.delta != null) {
                delta(out, choice.delta);
            }
            if (choice.finishReason != null) {
                stopReason = MessagesAnswer.stopReason(choice.finishReason);
            }
        }
    }

    private void delta(ByteBuf out, ChatCompletionChunk.Delta delta) {
        if (delta.reasoningContent != null && !delta.reasoningContent.isEmpty()) {
            openThinking(out);
            SseEvents.typed(out, blockDelta("thinking_delta", "thinking", delta.reasoningContent));
        }
        if (delta.thinkingBlocks != null) {
            for (ThinkingBlock block : delta.thinkingBlocks) {
                thinkingBlock(out, block);
            }
        }
        if (delta.content != null && !delta.content.isEmpty()) {
            if (open != Block.TEXT) {
                ObjectNode text = Json.object().put("type", "text").put("text", "");
                startBlock(out, Block.TEXT, text);
            }
            SseEvents.typed(out, blockDelta("text_delta", "text", delta.content));
        }
        if (delta.toolCalls != null) {
            for (ToolCall call : delta.toolCalls) {
                toolCall(out, call);
            }
        }
    }

    private void thinkingBlock(ByteBuf out, ThinkingBlock block) {
        if (block.isRedacted()) {
            startBlock(out, Block.REDACTED, Json.object().put("type", "redacted_thinking").put("data", block.data));
            closeBlock(out);
        } else if (block.signed()) {
            openThinking(out);
            SseEvents.typed(out, blockDelta("signature_delta", "signature", block.signature));
            closeBlock(out);
        }
    }

    private void openThinking(ByteBuf out) {
        if (open != Block.THINKING) {
            startBlock(out, Block.THINKING, Json.object().put("type", "thinking").put("thinking", "")
                    .put("signature", ""));
        }
    }

    private void toolCall(ByteBuf out, ToolCall call) {
        int callIndex = call.index == null ? 0 : call.index;
        if (call.id != null && !blockByToolCall.containsKey(callIndex)) {
            ObjectNode toolUse = Json.object().put("type", "tool_use").put("id", call.id)
                    .put("name", call.function == null ? null : call.function.name);
            toolUse.putObject("input");
            startBlock(out, Block.TOOL, toolUse);
            blockByToolCall.put(callIndex, blockIndex);
        }
        String arguments = call.function == null ? null : call.function.arguments;
        Integer block = blockByToolCall.get(callIndex);
        if (arguments != null && !arguments.isEmpty() && block != null) {
            ObjectNode delta = typed("content_block_delta").put("index", block);
            delta.putObject("delta").put("type", "input_json_delta").put("partial_json", arguments);
            SseEvents.typed(out, delta);
        }
    }

    private void startBlock(ByteBuf out, Block kind, ObjectNode contentBlock) {
        closeBlock(out);
        blockIndex++;
        open = kind;
        ObjectNode start = typed("content_block_start").put("index", blockIndex);
        start.set("content_block", contentBlock);
        SseEvents.typed(out, start);
    }

    private void closeBlock(ByteBuf out) {
        if (open != Block.NONE) {
            SseEvents.typed(out, typed("content_block_stop").put("index", blockIndex));
            open = Block.NONE;
        }
    }

    private ObjectNode blockDelta(String type, String field, String value) {
        ObjectNode event = typed("content_block_delta").put("index", blockIndex);
        event.putObject("delta").put("type", type).put(field, value);
        return event;
    }

    @Override
    public void end(ByteBuf out, GatewayException error) {
        if (error != null) {
            // As Anthropic does: an error event, then the stream ends; the status was sent long ago.
            SseEvents.named(out, "error", AnthropicError.of(error));
            return;
        }
        if (!started) {
            chunk(out, new ChatCompletionChunk());
        }
        closeBlock(out);
        ObjectNode messageDelta = typed("message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason == null ? "end_turn" : stopReason)
                .putNull("stop_sequence");
        messageDelta.set("usage", MessagesAnswer.usage(usage));
        SseEvents.typed(out, messageDelta);
        SseEvents.typed(out, typed("message_stop"));
    }

    private static ObjectNode typed(String type) {
        return Json.object().put("type", type);
    }

}
