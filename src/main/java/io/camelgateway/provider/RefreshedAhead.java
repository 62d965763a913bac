package io.camelgateway.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A credential that only a blocking call can fetch (an OAuth token endpoint, AWS's credential chain): the call runs
 * on the given worker threads, never the caller's, one at a time, and the value is kept until shortly before it
 * expires. Within that margin a fresh one is fetched while the old one still serves; once it has expired, callers
 * wait for the fresh one. The margin is {@code maxMargin}, or half the value's lifetime when that is shorter.
 */
public final class RefreshedAhead<T> {

    /** What a fetch gives: the value and when it stops being valid (null: it does not say; kept for maxMargin). */
    public record Expiring<T>(T value, Instant expiry) {
    }

    private final Callable<Expiring<T>> fetch;
    private final Executor workers;
    private final Clock clock;
    private final Duration maxMargin;
    private Expiring<T> current;
    private Instant fetchedAt;
    private CompletableFuture<T> fetching;

    public RefreshedAhead(Callable<Expiring<T>> fetch, Executor workers, Clock clock, Duration maxMargin) {
        this.fetch = fetch;
        this.workers = workers;
        this.clock = clock;
        this.maxMargin = maxMargin;
    }

    /** The value now when a valid one is held, else when the fetch under way (started if need be) ends. */
    public synchronized CompletableFuture<T> get() {
        Instant now = clock.instant();
        Expiring<T> held = current;
        if (held != null && now.isBefore(refreshAt(held))) {
            return CompletableFuture.completedFuture(held.value());
        }
        CompletableFuture<T> fresh = fetching != null ? fetching : startFetch();
        if (held != null && held.expiry() != null && now.isBefore(held.expiry())) {
            return CompletableFuture.completedFuture(held.value());
        }
        return fresh;
    }

    /** Forgets the value held (a provider refused it), so the next call fetches another. */
    public synchronized void discard() {
        current = null;
    }

    private Instant refreshAt(Expiring<T> held) {
        Instant expiry = held.expiry() != null ? held.expiry() : fetchedAt.plus(maxMargin.multipliedBy(2));
        Duration lifetime = Duration.between(fetchedAt, expiry);
        Duration margin = lifetime.dividedBy(2).compareTo(maxMargin) < 0 ? lifetime.dividedBy(2) : maxMargin;
        return expiry.minus(margin);
    }

    private CompletableFuture<T> startFetch() {
        CompletableFuture<T> started = new CompletableFuture<>();
        fetching = started;
        try {
            workers.execute(() -> {
                Instant at = clock.instant();
                try {
                    Expiring<T> got = fetch.call();
                    synchronized (this) {
                        current = got;
                        fetchedAt = at;
                        fetching = null;
                    }
                    started.complete(got.value());
                } catch (Exception | Error e) {
                    synchronized (this) {
                        fetching = null;
                    }
                    started.completeExceptionally(e);
                }
            });
        } catch (RuntimeException rejected) {
            fetching = null;
            started.completeExceptionally(rejected);
        }
        return started;
    }
}
