package io.camelgateway.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.ToolCall;
import io.camelgateway.api.Usage;
import io.camelgateway.metering.RequestRecord;

/**
 * A streamed answer put back together as the chat completion it stands for: each choice's text, refusal and tool
 * calls (their arguments joined by index) and finish reason, so a stream can be kept and later answered to a plain
 * request or replayed as a stream. Bounded: past {@code maxChars} of text it keeps nothing more and says it
 * {@link #overflowed()}.
 */
public final class StreamTranscript implements Consumer<ChatCompletionChunk> {
    private final long maxChars;
    private final Map<Integer, ChoiceText> choices = new TreeMap<>();
    private String id;
    private long created;
    private String model;
    private String systemFingerprint;
    private long chars;
    private boolean overflowed;

    /**
     * Puts the stream together as it passes and, once the request has ended whole (status 200, no error, the caller
     * still there), hands the answer and what the request cost to {@code keep}; counts it not stored when it grew
     * past {@code maxChars}. Nothing when the caller already reads the stream (a step moved before the store).
     */
    public static void keepWhenWhole(ChatStream stream, RequestRecord record, long maxChars, CacheMeters meters,
                                     BiConsumer<ChatCompletion, Double> keep) {
        StreamTranscript transcript = new StreamTranscript(maxChars);
        if (!stream.observe(transcript)) {
            return;
        }
        record.onEnd(ended -> {
            RequestRecord.Outcome outcome = ended.outcome();
            if (transcript.overflowed()) {
                meters.notStored("too_large");
            } else if (outcome != null && outcome.status() == 200 && outcome.errorCode() == null
                    && !stream.isCancelled()) {
                keep.accept(transcript.completion(stream.usage()), ended.costUsd());
            }
        });
    }

    StreamTranscript(long maxChars) {
        this.maxChars = maxChars;
    }

    @Override
    public synchronized void accept(ChatCompletionChunk chunk) {
        if (overflowed) {
            return;
        }
        if (id == null) {
            id = chunk.id;
            created = chunk.created;
            model = chunk.model;
            systemFingerprint = chunk.systemFingerprint;
        }
        if (chunk.choices == null) {
            return;
        }
        for (ChatCompletionChunk.Choice choice : chunk.choices) {
            if (choice == null) {
                continue;
            }
            ChoiceText text = choices.computeIfAbsent(choice.index, i -> new ChoiceText());
            if (choice.finishReason != null) {
                text.finishReason = choice.finishReason;
            }
            if (choice.delta != null) {
                chars += text.add(choice.delta);
            }
        }
        if (chars > maxChars) {
            overflowed = true;
            choices.clear(); // what was kept is of no use now: let it go
        }
    }

    synchronized boolean overflowed() {
        return overflowed;
    }

    /** The whole answer, with the usage the stream reported (null when it reported none). */
    synchronized ChatCompletion completion(Usage usage) {
        ChatCompletion completion = new ChatCompletion();
        completion.id = id;
        completion.created = created;
        completion.model = model;
        completion.systemFingerprint = systemFingerprint;
        completion.usage = usage;
        completion.choices = new ArrayList<>();
        choices.forEach((index, text) -> completion.choices.add(
                new ChatCompletion.Choice(index, text.message(), text.finishReason)));
        return completion;
    }

    private static final class ChoiceText {
        private final StringBuilder content = new StringBuilder();
        private boolean hasContent;
        private StringBuilder refusal;
        private final Map<Integer, ToolCall> toolCalls = new TreeMap<>();
        private final Map<Integer, StringBuilder> arguments = new TreeMap<>();
        private String finishReason;

        /** Adds a delta; returns how many chars it carried. */
        int add(ChatCompletionChunk.Delta delta) {
            int added = 0;
            if (delta.content != null) {
                content.append(delta.content);
                hasContent = true;
                added += delta.content.length();
            }
            if (delta.refusal != null) {
                (refusal == null ? refusal = new StringBuilder() : refusal).append(delta.refusal);
                added += delta.refusal.length();
            }
            if (delta.toolCalls != null) {
                for (ToolCall part : delta.toolCalls) {
                    int index = part.index == null ? toolCalls.size() : part.index;
                    ToolCall call = toolCalls.computeIfAbsent(index, i -> new ToolCall());
                    if (part.id != null) {
                        call.id = part.id;
                    }
                    if (part.type != null) {
                        call.type = part.type;
                    }
                    if (part.function != null) {
                        if (call.function == null) {
                            call.function = new ToolCall.FunctionCall();
                        }
                        if (part.function.name != null) {
                            call.function.name = part.function.name;
                            added += part.function.name.length();
                        }
                        if (part.function.arguments != null) {
                            arguments.computeIfAbsent(index, i -> new StringBuilder())
                                    .append(part.function.arguments);
                            added += part.function.arguments.length();
                        }
                    }
                }
            }
            return added;
        }

        ChatMessage message() {
            ChatMessage message = new ChatMessage("assistant", hasContent || toolCalls.isEmpty()
                    ? content.toString() : null);
            message.refusal = refusal == null ? null : refusal.toString();
            if (!toolCalls.isEmpty()) {
                List<ToolCall> calls = new ArrayList<>();
                toolCalls.forEach((index, call) -> {
                    StringBuilder args = arguments.get(index);
                    if (call.function != null) {
                        call.function.arguments = args == null ? "" : args.toString();
                    }
                    call.type = call.type == null ? "function" : call.type;
                    calls.add(call);
                });
                message.toolCalls = calls;
            }
            return message;
        }
    }
}
