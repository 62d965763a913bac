package io.camelgateway.api;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A streamed answer in the canonical model, independent of how it reaches the caller. The provider side pushes
 * chunks from whatever thread its HTTP client calls back on; the caller side polls them when told data is ready.
 * Nobody blocks: a consumer registers {@link #onAvailable} and polls until {@link #poll} returns null.
 */
public final class ChatStream {
    private final Queue<ChatCompletionChunk> chunks = new ConcurrentLinkedQueue<>();
    private final boolean includeUsage;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean complete;
    private volatile GatewayException error;
    private volatile Usage usage;
    private volatile Runnable onAvailable = () -> { };
    private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();
    private final List<Consumer<GatewayException>> onEnd = new CopyOnWriteArrayList<>();
    private final AtomicBoolean ended = new AtomicBoolean();

    /** @param includeUsage whether the caller asked for the closing usage chunk (stream_options.include_usage) */
    public ChatStream(boolean includeUsage) {
        this.includeUsage = includeUsage;
    }

    public void push(ChatCompletionChunk chunk) {
        if (chunk.usage != null) {
            usage = chunk.usage;
        }
        if (chunk.isUsageOnly() && !includeUsage) {
            return;
        }
        if (!includeUsage) {
            chunk.usage = null;
        }
        chunks.add(chunk);
        onAvailable.run();
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
        return chunks.poll();
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
