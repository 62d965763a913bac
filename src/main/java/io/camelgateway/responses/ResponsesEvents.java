package io.camelgateway.responses;

import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;

import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.ThinkingBlock;
import io.camelgateway.api.ToolCall;
import io.camelgateway.api.Usage;
import io.camelgateway.http.SseEncoder;
import io.camelgateway.http.SseEvents;

/**
 * Writes one canonical stream as the Responses API's events, numbered by sequence_number: response.created and
 * response.in_progress, then for each output item its .added, its deltas, its .done events, and last
 * response.completed (response.incomplete when the answer was cut short, response.failed when it broke off), which
 * carries the whole response with its usage. Thinking is a reasoning item whose summary streams as
 * response.reasoning_summary_text deltas; its signature, which ends it, is the item's encrypted_content. Chat's chunks carry one item at a time (text, then each tool call),
 * so an item is done when the next one starts or the stream ends.
 */
final class ResponsesEvents implements SseEncoder {
    private final ResponsesRequest request;
    /** Told of the whole response before response.completed (or .incomplete) is written; it may unset store. */
    private final Consumer<ResponseObject> ended;
    private ResponseObject response;
    private long sequence;
    private ResponseObject.OutputItem message;
    private int messageIndex;
    private StringBuilder text;
    private ResponseObject.OutputItem reasoning;
    private int reasoningIndex;
    private StringBuilder summary;
    private ResponseObject.OutputItem call;
    private int callIndex;
    private Integer callChunkIndex;
    private StringBuilder arguments;
    private String finishReason;
    private Usage usage;

    ResponsesEvents(ResponsesRequest request, Consumer<ResponseObject> ended) {
        this.request = request;
        this.ended = ended;
    }

    @Override
    public void chunk(ByteBuf out, ChatCompletionChunk chunk) {
        start(chunk.model, out);
        if (chunk.usage != null) {
            usage = chunk.usage;
        }
        if (chunk.choices == null) {
            return;
        }
        for (ChatCompletionChunk.Choice choice : chunk.choices) {
            if (choice == null || choice.index != 0) {
                continue; // the Responses API has one answer; n is not one of its fields
            }
            ChatCompletionChunk.Delta delta = choice.delta;
            if (delta != null && delta.reasoningContent != null && !delta.reasoningContent.isEmpty()) {
                reasoningText(delta.reasoningContent, out);
            }
            if (delta != null && delta.thinkingBlocks != null) {
                for (ThinkingBlock block : delta.thinkingBlocks) {
                    thinkingEnds(block, out);
                }
            }
            if (delta != null && delta.content != null && !delta.content.isEmpty()) {
                text(delta.content, out);
            }
            if (delta != null && delta.toolCalls != null) {
                for (ToolCall fragment : delta.toolCalls) {
                    toolCall(fragment, out);
                }
            }
            if (choice.finishReason != null) {
                finishReason = choice.finishReason;
            }
        }
    }

    @Override
    public void end(ByteBuf out, GatewayException error) {
        start(request.model, out);
        if (error != null) {
            response.status = "failed";
            response.error = new ResponseObject.Error(error.code(), error.getMessage());
            SseEvents.typed(out, event("response.failed").putPOJO("response", response));
            return;
        }
        closeReasoning(out);
        closeMessage(out);
        closeCall(out);
        response.finished(finishReason);
        if (usage != null) {
            response.usage = ResponseObject.ResponseUsage.of(usage);
        }
        ended.accept(response);
        String type = response.status.equals("incomplete") ? "response.incomplete" : "response.completed";
        SseEvents.typed(out, event(type).putPOJO("response", response));
    }

    private void start(String model, ByteBuf out) {
        if (response != null) {
            return;
        }
        response = ResponseObject.answering(request, model != null ? model : request.model);
        SseEvents.typed(out, event("response.created").putPOJO("response", response));
        SseEvents.typed(out, event("response.in_progress").putPOJO("response", response));
    }

    private void text(String delta, ByteBuf out) {
        if (message == null) {
            closeReasoning(out);
            closeCall(out);
            message = ResponseObject.OutputItem.message(ResponseObject.itemId("msg"), "in_progress");
            messageIndex = response.output.size();
            response.output.add(message);
            text = new StringBuilder();
            SseEvents.typed(out, event("response.output_item.added")
                    .put("output_index", messageIndex).putPOJO("item", message));
            SseEvents.typed(out, partEvent("response.content_part.added")
                    .putPOJO("part", ResponseObject.OutputContent.outputText("")));
        }
        text.append(delta);
        SseEvents.typed(out, partEvent("response.output_text.delta").put("delta", delta)
                .set("logprobs", Json.MAPPER.createArrayNode()));
    }

    private void closeMessage(ByteBuf out) {
        if (message == null) {
            return;
        }
        ResponseObject.OutputContent part = ResponseObject.OutputContent.outputText(text.toString());
        SseEvents.typed(out, partEvent("response.output_text.done").put("text", part.text)
                .set("logprobs", Json.MAPPER.createArrayNode()));
        SseEvents.typed(out, partEvent("response.content_part.done").putPOJO("part", part));
        message.content.add(part);
        message.status = "completed";
        SseEvents.typed(out, event("response.output_item.done").put("output_index", messageIndex)
                .putPOJO("item", message));
        message = null;
        text = null;
    }

    private void reasoningText(String delta, ByteBuf out) {
        if (reasoning == null) {
            openReasoning(out);
            SseEvents.typed(out, summaryEvent("response.reasoning_summary_part.added")
                    .putPOJO("part", ResponseObject.OutputContent.summaryText("")));
        }
        summary.append(delta);
        SseEvents.typed(out, summaryEvent("response.reasoning_summary_text.delta")
                .put("delta", delta));
    }

    /** A signature ends the thinking under way (or stands alone, as Gemini's may); a redacted block is whole. */
    private void thinkingEnds(ThinkingBlock block, ByteBuf out) {
        if (block.isRedacted() || reasoning == null) {
            closeReasoning(out);
            openReasoning(out);
        }
        reasoning.encryptedContent = ReasoningItems.encrypted(block);
        closeReasoning(out);
    }

    private void openReasoning(ByteBuf out) {
        closeMessage(out);
        closeCall(out);
        reasoning = ReasoningItems.item(null, null);
        reasoningIndex = response.output.size();
        response.output.add(reasoning);
        summary = new StringBuilder();
        SseEvents.typed(out, event("response.output_item.added")
                .put("output_index", reasoningIndex).putPOJO("item", reasoning));
    }

    private void closeReasoning(ByteBuf out) {
        if (reasoning == null) {
            return;
        }
        if (summary.length() > 0) {
            ResponseObject.OutputContent part = ResponseObject.OutputContent.summaryText(summary.toString());
            SseEvents.typed(out, summaryEvent("response.reasoning_summary_text.done")
                    .put("text", part.text));
            SseEvents.typed(out, summaryEvent("response.reasoning_summary_part.done")
                    .putPOJO("part", part));
            reasoning.summary.add(part);
        }
        SseEvents.typed(out, event("response.output_item.done").put("output_index", reasoningIndex)
                .putPOJO("item", reasoning));
        reasoning = null;
        summary = null;
    }

    private void toolCall(ToolCall fragment, ByteBuf out) {
        Integer index = fragment.index != null ? fragment.index : callChunkIndex;
        if (call == null || index != null && !index.equals(callChunkIndex)) {
            closeReasoning(out);
            closeMessage(out);
            closeCall(out);
            String name = fragment.function == null ? null : fragment.function.name;
            call = ResponseObject.OutputItem.functionCall(ResponseObject.itemId("fc"), "in_progress", fragment.id,
                    name, "");
            callIndex = response.output.size();
            callChunkIndex = index;
            response.output.add(call);
            arguments = new StringBuilder();
            SseEvents.typed(out, event("response.output_item.added")
                    .put("output_index", callIndex).putPOJO("item", call));
        }
        String delta = fragment.function == null ? null : fragment.function.arguments;
        if (delta != null && !delta.isEmpty()) {
            arguments.append(delta);
            SseEvents.typed(out, event("response.function_call_arguments.delta")
                    .put("item_id", call.id).put("output_index", callIndex).put("delta", delta));
        }
    }

    private void closeCall(ByteBuf out) {
        if (call == null) {
            return;
        }
        call.arguments = arguments.toString();
        call.status = "completed";
        SseEvents.typed(out, event("response.function_call_arguments.done")
                .put("item_id", call.id).put("output_index", callIndex).put("name", call.name)
                .put("arguments", call.arguments));
        SseEvents.typed(out, event("response.output_item.done").put("output_index", callIndex)
                .putPOJO("item", call));
        call = null;
        arguments = null;
    }

    private ObjectNode event(String type) {
        return Json.object().put("type", type).put("sequence_number", sequence++);
    }

    /** An event about the open reasoning item's one summary part. */
    private ObjectNode summaryEvent(String type) {
        return event(type).put("item_id", reasoning.id).put("output_index", reasoningIndex).put("summary_index", 0);
    }

    /** An event about the open message's one content part. */
    private ObjectNode partEvent(String type) {
        return event(type).put("item_id", message.id).put("output_index", messageIndex).put("content_index", 0);
    }
}
