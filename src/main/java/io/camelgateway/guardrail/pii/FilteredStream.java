package io.camelgateway.guardrail.pii;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.ToolCall;

/**
 * The caller's side of a streamed answer whose texts pass through a {@link StreamTextFilter} each (placeholders
 * put back, PII in the answer found), also where a value is split over chunks. It takes chunks from the
 * provider's stream only while the caller keeps up, so the provider's stream fills and pauses the provider as
 * before; the caller going away cancels the provider's stream.
 */
final class FilteredStream {
    private final ChatStream upstream;
    private final ChatStream toCaller;
    private final Supplier<StreamTextFilter> filters;
    private final Map<Field, StreamTextFilter> filtersByField = new LinkedHashMap<>();
    private boolean ended;

    private FilteredStream(ChatStream upstream, Supplier<StreamTextFilter> filters) {
        this.upstream = upstream;
        this.filters = filters;
        // The provider's stream already dropped the usage the caller did not ask for: pass on what comes.
        this.toCaller = new ChatStream(true);
    }

    /** @param filters makes the filter for each text of the answer */
    static ChatStream filtered(ChatStream upstream, Supplier<StreamTextFilter> filters) {
        FilteredStream filtering = new FilteredStream(upstream, filters);
        ChatStream toCaller = filtering.toCaller;
        toCaller.onCancel(upstream::cancel);
        toCaller.onFullChange(filtering::drain);
        upstream.onAvailable(filtering::drain);
        return toCaller;
    }

    private synchronized void drain() {
        if (ended) {
            return;
        }
        ChatCompletionChunk chunk;
        while (!toCaller.isFull() && (chunk = upstream.poll()) != null) {
            toCaller.push(filter(chunk));
        }
        if (upstream.isEnded()) {
            ended = true;
            pushHeldText();
            if (upstream.error() == null) {
                toCaller.complete();
            } else {
                toCaller.fail(upstream.error());
            }
        }
    }

    private ChatCompletionChunk filter(ChatCompletionChunk chunk) {
        if (chunk.choices == null) {
            return chunk;
        }
        for (ChatCompletionChunk.Choice choice : chunk.choices) {
            if (choice == null || choice.delta == null) {
                continue;
            }
            ChatCompletionChunk.Delta delta = choice.delta;
            boolean last = choice.finishReason != null;
            delta.content = filter(new Field("content", choice.index, null), delta.content, last);
            delta.refusal = filter(new Field("refusal", choice.index, null), delta.refusal, last);
            if (delta.toolCalls != null) {
                for (ToolCall call : delta.toolCalls) {
                    if (call.function != null) {
                        call.function.arguments = filter(new Field("tool", choice.index, call.index),
                                call.function.arguments, last);
                    }
                }
            }
        }
        return chunk;
    }

    /** The piece filtered; at a choice's last chunk, with whatever its text still held. */
    private String filter(Field field, String piece, boolean last) {
        StreamTextFilter filter = filtersByField.get(field);
        if (piece == null && (filter == null || !last)) {
            return null;
        }
        if (filter == null) {
            filter = filters.get();
            filtersByField.put(field, filter);
        }
        String ready = filter.next(piece == null ? "" : piece);
        return last ? ready + filter.rest() : ready;
    }

    /** The text still held when the provider's stream ended without a finish reason, one chunk per choice. */
    private void pushHeldText() {
        filtersByField.forEach((field, filter) -> {
            if (field.name.equals("content") && filter.holding()) {
                ChatCompletionChunk.Delta delta = new ChatCompletionChunk.Delta();
                delta.content = filter.rest();
                ChatCompletionChunk chunk = new ChatCompletionChunk();
                chunk.choices = List.of(new ChatCompletionChunk.Choice(field.choice, delta, null));
                toCaller.push(chunk);
            }
        });
    }

    /** One streamed text: a choice's content or refusal, or one of its tool calls' arguments. */
    private record Field(String name, int choice, Integer call) {
    }
}
