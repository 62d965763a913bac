package io.camelgateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A value made on a daemon thread of its own from the moment this is created, so that the start-up goes on
 * meanwhile on the other core; {@link #get} waits for it, and throws what making it threw.
 */
public final class Background<T> implements Supplier<T> {
    private final CompletableFuture<T> value = new CompletableFuture<>();

    public Background(String threadName, Supplier<T> maker) {
        Thread thread = new Thread(() -> {
            try {
                value.complete(maker.get());
            } catch (RuntimeException | Error e) {
                value.completeExceptionally(e);
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public T get() {
        try {
            return value.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Whether making the value failed (false while it is still being made). */
    public boolean failed() {
        return value.isCompletedExceptionally();
    }
}
