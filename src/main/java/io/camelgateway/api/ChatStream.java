package io.camelgateway.api;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A streamed answer in the canonical model, independent of how it reaches the caller. The provider side pushes
 * chunks from whatever thread its HTTP client calls back on; the caller side polls them when told data is ready.
 * Nobody blocks: a consumer registers {@link #onAvailable} and polls until {@link #poll} returns null.
 * <p>
 * A caller who reads slowly must not make the gateway hold the whole answer: once the chunks waiting here carry
 * more than a high-water mark of text, the stream {@link #isFull() is full} until the caller has taken it below
 * half of that, and the producer hears of each change through {@link #onFullChange} (a producer that cannot pause,
 * such as a replay of a finished answer, ignores it).
 */
public final class ChatStream {
    /** About what a stream holds for a slow caller before its producer pauses, in bytes of chunk text. */
    public static final int DEFAULT_HIGH_WATER_BYTES = 256 * 1024;
    /** A chunk's fixed weight beyond its text: ids, names and the object itself. */
    private static final int CHUNK_OVERHEAD = 128;
    /** How much of the answer's text a stream keeps for estimating its tokens (a longer one is extrapolated). */
    public static final int ANSWER_SAMPLE_CHARS = 8192;

    private final Queue<ChatCompletionChunk> chunks = new ConcurrentLinkedQueue<>();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final long highWater;
    private final AtomicBoolean full = new AtomicBoolean();
    private volatile Runnable onFullChange = () -> { };
    private final boolean includeUsage;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean complete;
    private volatile GatewayException error;
    private volatile Usage usage;
    private volatile Runnable onAvailable = () -> { };
    private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();
    private final List<Consumer<GatewayException>> onEnd = new CopyOnWriteArrayList<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The answer's first chars, kept to estimate its tokens when the provider reports none; bounded. */
    private final StringBuilder answerSample = new StringBuilder();
    private long answerChars;

    /** @param includeUsage whether the caller asked for the closing usage chunk (stream_options.include_usage) */
    public ChatStream(boolean includeUsage) {
        this(includeUsage, DEFAULT_HIGH_WATER_BYTES);
    }

    /** @param highWaterBytes how much chunk text may wait for the caller before the stream is full */
    public ChatStream(boolean includeUsage, int highWaterBytes) {
        if (highWaterBytes < 1) {
            throw new IllegalArgumentException("highWaterBytes must be positive: " + highWaterBytes);
        }
        this.includeUsage = includeUsage;
        this.highWater = highWaterBytes;
    }

    public void push(ChatCompletionChunk chunk) {
        if (chunk.usage != null) {
            usage = chunk.usage;
        }
        keepSample(chunk);
        if (chunk.isUsageOnly() && !includeUsage) {
            return;
        }
        if (!includeUsage) {
            chunk.usage = null;
        }
        chunks.add(chunk);
        bufferedBytes.addAndGet(weight(chunk));
        updateFull();
        onAvailable.run();
    }

    private void keepSample(ChatCompletionChunk chunk) {
        if (chunk.choices == null) {
            return; // an invalid chunk, which the translator refuses after this
        }
        for (ChatCompletionChunk.Choice choice : chunk.choices) {
            String text = choice == null || choice.delta == null ? null : choice.delta.content;
            if (text != null) {
                synchronized (answerSample) {
                    answerChars += text.length();
                    int room = ANSWER_SAMPLE_CHARS - answerSample.length();
                    if (room > 0) {
                        answerSample.append(text, 0, Math.min(room, text.length()));
                    }
                }
            }
        }
    }

    /** The answer's text so far, up to its first {@value #ANSWER_SAMPLE_CHARS} chars. */
    public String answerSample() {
        synchronized (answerSample) {
            return answerSample.toString();
        }
    }

    /** How many chars of answer text the stream carried, all of it. */
    public long answerChars() {
        synchronized (answerSample) {
            return answerChars;
        }
    }

    /** The answer ended normally. */
    public void complete() {
        complete = true;
        onAvailable.run();
        ended(null);
    }

    /** The answer broke off; the caller gets this error after the chunks already pushed. */
    public void fail(GatewayException e) {
        synchronized (this) {
            if (complete || error != null) {
                return; // the first ending stands
            }
            error = e;
        }
        onAvailable.run();
        ended(e);
    }

    /** Adds what to do when the answer ends: with null when it ended normally, or with the error it ended on. */
    public void onEnd(Consumer<GatewayException> listener) {
        onEnd.add(listener);
        if (ended.get()) {
            listener.accept(error);
        }
    }

    private void ended(GatewayException e) {
        if (ended.compareAndSet(false, true)) {
            onEnd.forEach(l -> l.accept(e));
        }
    }

    /** The next chunk, or null when none is ready yet. */
    public ChatCompletionChunk poll() {
        ChatCompletionChunk chunk = chunks.poll();
        if (chunk != null) {
            bufferedBytes.addAndGet(-weight(chunk));
            updateFull();
        }
        return chunk;
    }

    /** Brings {@link #full} in line with what is buffered; loops because a producer and a consumer race here. */
    private void updateFull() {
        while (true) {
            boolean was = full.get();
            long bytes = bufferedBytes.get();
            boolean now = was ? bytes > highWater / 2 : bytes > highWater;
            if (now == was) {
                return;
            }
            if (full.compareAndSet(was, now)) {
                onFullChange.run();
            }
        }
    }

    /**
     * True while the chunks waiting for the caller carry more than the high-water mark, until the caller has taken
     * them below half of it: the producer should stop reading more meanwhile.
     */
    public boolean isFull() {
        return full.get();
    }

    /** About how many bytes of chunks are waiting for the caller. */
    public long bufferedBytes() {
        return bufferedBytes.get();
    }

    /**
     * Sets what runs after {@link #isFull()} changes, on the thread that changed it. Read {@code isFull()} again
     * where it matters rather than trusting the order of the calls: two threads may change it close together.
     */
    public void onFullChange(Runnable listener) {
        this.onFullChange = listener;
        listener.run();
    }

    /** True once no more chunks will come (check {@link #error} for how it ended). */
    public boolean isEnded() {
        return (complete || error != null) && chunks.isEmpty();
    }

    public GatewayException error() {
        return error;
    }

    /** The latest usage the provider reported, even when the caller did not ask to see it. */
    public Usage usage() {
        return usage;
    }

    /** The caller went away: stop the upstream call. Safe to call more than once. */
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            onCancel.forEach(Runnable::run);
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    private static long weight(ChatCompletionChunk chunk) {
        long bytes = CHUNK_OVERHEAD;
        if (chunk.choices != null) {
            for (ChatCompletionChunk.Choice choice : chunk.choices) {
                ChatCompletionChunk.Delta delta = choice.delta;
                if (delta == null) {
                    continue;
                }
                bytes += length(delta.content) + length(delta.refusal) + length(delta.reasoningContent);
                if (delta.thinkingBlocks != null) {
                    for (ThinkingBlock block : delta.thinkingBlocks) {
                        bytes += CHUNK_OVERHEAD + length(block.thinking) + length(block.signature) + length(block.data);
                    }
                }
                if (delta.toolCalls != null) {
                    for (ToolCall call : delta.toolCalls) {
                        bytes += CHUNK_OVERHEAD + (call.function == null ? 0
                                : length(call.function.name) + length(call.function.arguments));
                    }
                }
            }
        }
        return bytes;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    public void onAvailable(Runnable listener) {
        this.onAvailable = listener;
        listener.run();
    }

    /** Adds what to do when the caller goes away; runs at once if it already has. */
    public void onCancel(Runnable canceller) {
        onCancel.add(canceller);
        if (cancelled.get()) {
            canceller.run();
        }
    }
}
