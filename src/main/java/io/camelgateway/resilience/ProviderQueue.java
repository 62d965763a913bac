package io.camelgateway.resilience;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import io.camelgateway.api.GatewayException;
import io.camelgateway.config.ProviderLimits;

/**
 * The gateway's own limits for one provider (requests and tokens per minute, calls at once; for the provider and
 * per model) and the bounded queue where requests beyond them wait, in arrival order, until a slot frees or a
 * timer says the rate allows them, or until their deadline. Nothing here blocks a thread: a request gets a
 * future of its {@link Slot}, completed on the thread that freed the slot or on the timer's.
 */
public final class ProviderQueue {
    private final String provider;
    private final ProviderLimits limits;
    private final ScheduledExecutorService timer;
    private final LongSupplier nanoClock;
    private final Budget whole;
    private final Map<String, Budget> perModel = new HashMap<>();
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private ScheduledFuture<?> wake;
    private long wakeAt;
    private volatile ProviderQueueListener listener = ProviderQueueListener.NONE;

    ProviderQueue(String provider, ProviderLimits limits, ScheduledExecutorService timer, LongSupplier nanoClock) {
        this.provider = provider;
        this.limits = limits;
        this.timer = timer;
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        this.whole = new Budget(limits.provider(), now);
        limits.models().forEach((model, rates) -> perModel.put(model, new Budget(rates, now)));
    }

    /**
     * A slot for one call to this model, estimated at this many tokens: at once when the limits allow it and no
     * earlier request waits for the same limit; else, when {@code waitIfBusy}, once it does (failing with
     * {@code provider_queue_full} when the queue is full, {@code provider_queue_timeout} after the longest wait);
     * else failing at once with {@code provider_busy}. Cancelling the future leaves the queue.
     */
    public CompletableFuture<Slot> admit(String model, long tokens, boolean waitIfBusy) {
        Waiter newcomer = new Waiter(model, tokens);
        List<Waiter> admitted;
        GatewayException refused = null;
        synchronized (this) {
            waiting.addLast(newcomer);
            admitted = drain();
            if (!admitted.contains(newcomer)) {
                if (!waitIfBusy) {
                    waiting.removeLast();
                    refused = busy();
                } else if (waiting.size() > limits.queueSize()) {
                    waiting.removeLast();
                    refused = queueFull();
                } else {
                    newcomer.deadline = timer.schedule(() -> expire(newcomer), limits.maxWait().toNanos(),
                            TimeUnit.NANOSECONDS);
                }
            }
        }
        hand(admitted);
        if (refused != null) {
            if (waitIfBusy) {
                listener.refused(provider, refused.code());
            }
            newcomer.future.completeExceptionally(refused);
        } else {
            newcomer.future.whenComplete((slot, failure) -> {
                if (failure instanceof CancellationException) {
                    leave(newcomer);
                }
            });
        }
        return newcomer.future;
    }

    void listener(ProviderQueueListener listener) {
        this.listener = listener;
    }

    /** Requests waiting now. */
    public synchronized int waiting() {
        return waiting.size();
    }

    /** Calls holding a slot now. */
    public synchronized int inFlight() {
        return whole.inFlight;
    }

    /** A place under the limits, held by one call until it ends; releasing twice has no further effect. */
    public final class Slot {
        private final Waiter holder;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(Waiter holder) {
            this.holder = holder;
        }

        /** How long the call waited for this slot, in nanoseconds. */
        public long waitedNanos() {
            return holder.admittedAt - holder.arrivedAt;
        }

        /**
         * Gives the slot back when the call has ended; {@code usedTokens} (the answer's real usage, or a
         * negative number when unknown) corrects the estimate taken from the tokens per minute.
         */
        public void release(long usedTokens) {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            List<Waiter> admitted;
            synchronized (ProviderQueue.this) {
                long now = nanoClock.getAsLong();
                long correction = usedTokens < 0 ? 0 : holder.tokens - usedTokens;
                whole.giveBack(correction, now);
                Budget model = perModel.get(holder.model);
                if (model != null) {
                    model.giveBack(correction, now);
                }
                admitted = drain();
            }
            hand(admitted);
        }
    }

    /** Takes the slots the limits allow now, in arrival order; returns the waiters admitted. Holds the lock. */
    private List<Waiter> drain() {
        long now = nanoClock.getAsLong();
        List<Waiter> admitted = new ArrayList<>();
        Set<String> blockedModels = null;
        long nextTry = Long.MAX_VALUE;
        for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (blockedModels != null && blockedModels.contains(w.model)) {
                continue; // a later request for a model never overtakes an earlier one for the same model
            }
            if (!whole.fits(w.tokens, now)) {
                nextTry = Math.min(nextTry, whole.nanosUntilRateFits(w.tokens, now));
                break; // the provider's own limit: everyone behind waits too
            }
            Budget model = perModel.get(w.model);
            if (model != null && !model.fits(w.tokens, now)) {
                nextTry = Math.min(nextTry, model.nanosUntilRateFits(w.tokens, now));
                if (blockedModels == null) {
                    blockedModels = new HashSet<>();
                }
                blockedModels.add(w.model);
                continue;
            }
            whole.take(w.tokens);
            if (model != null) {
                model.take(w.tokens);
            }
            w.admittedAt = now;
            it.remove();
            admitted.add(w);
        }
        if (nextTry > 0 && nextTry != Long.MAX_VALUE) {
            wakeIn(nextTry, now); // only a rate refills with time; a freed slot drains by itself
        }
        return admitted;
    }

    private void wakeIn(long nanos, long now) {
        long at = now + nanos;
        if (wake != null && !wake.isDone() && wakeAt <= at) {
            return;
        }
        if (wake != null) {
            wake.cancel(false);
        }
        wakeAt = at;
        wake = timer.schedule(this::wakeUp, nanos, TimeUnit.NANOSECONDS);
    }

    private void wakeUp() {
        List<Waiter> admitted;
        synchronized (this) {
            wake = null;
            admitted = drain();
        }
        hand(admitted);
    }

    /** Completes the admitted waiters' futures, outside the lock: their callers go on at once. */
    private void hand(List<Waiter> admitted) {
        for (Waiter w : admitted) {
            if (w.deadline != null) {
                w.deadline.cancel(false);
            }
            Slot slot = new Slot(w);
            if (w.future.complete(slot)) {
                listener.admitted(provider, slot.waitedNanos());
            } else {
                slot.release(-1); // cancelled as it was admitted
            }
        }
    }

    private void expire(Waiter w) {
        boolean removed;
        synchronized (this) {
            removed = waiting.remove(w);
        }
        if (removed) {
            listener.refused(provider, GatewayException.PROVIDER_QUEUE_TIMEOUT);
            w.future.completeExceptionally(queueTimeout());
        }
    }

    private void leave(Waiter w) {
        List<Waiter> admitted;
        synchronized (this) {
            if (!waiting.remove(w)) {
                return;
            }
            if (w.deadline != null) {
                w.deadline.cancel(false);
            }
            admitted = drain(); // it may have held back others of its model
        }
        hand(admitted);
    }

    private GatewayException busy() {
        return new GatewayException(429, "rate_limit_error", GatewayException.PROVIDER_BUSY, null, "Provider '"
                + provider + "' is at the gateway's own limit for it (" + describe() + ").", null, null);
    }

    private GatewayException queueFull() {
        long seconds = Math.max(1, (limits.maxWait().toMillis() + 999) / 1000);
        return new GatewayException(429, "rate_limit_error", GatewayException.PROVIDER_QUEUE_FULL, null,
                "The gateway's own limit for provider '" + provider + "' (" + describe() + ") is reached and its "
                        + "queue of " + limits.queueSize() + " waiting requests is full; the request was not sent "
                        + "to the provider. Try again later.", String.valueOf(seconds), null);
    }

    private GatewayException queueTimeout() {
        return new GatewayException(503, "server_error", GatewayException.PROVIDER_QUEUE_TIMEOUT, null,
                "The request waited " + limits.maxWait().toMillis() + " ms in the gateway's queue for provider '"
                        + provider + "' (its own limit: " + describe() + ") and was not sent to the provider. "
                        + "Try again later.", null, null);
    }

    /** The limits in words, for the caller's error message. */
    private String describe() {
        List<String> parts = new ArrayList<>();
        describe(limits.provider(), parts, "");
        limits.models().forEach((model, rates) -> describe(rates, parts, " for " + model));
        return String.join(", ", parts);
    }

    private static void describe(ProviderLimits.Rates rates, List<String> parts, String suffix) {
        if (rates.concurrency() > 0) {
            parts.add(rates.concurrency() + " calls at once" + suffix);
        }
        if (rates.requestsPerMinute() > 0) {
            parts.add(rates.requestsPerMinute() + " requests per minute" + suffix);
        }
        if (rates.tokensPerMinute() > 0) {
            parts.add(rates.tokensPerMinute() + " tokens per minute" + suffix);
        }
    }

    /** One request's way through the queue. */
    private final class Waiter {
        final String model;
        final long tokens;
        final long arrivedAt = nanoClock.getAsLong();
        final CompletableFuture<Slot> future = new CompletableFuture<>();
        long admittedAt;
        ScheduledFuture<?> deadline;

        Waiter(String model, long tokens) {
            this.model = model;
            this.tokens = tokens;
        }
    }

    /** The calls under way and the per-minute buckets of one set of limits. Guarded by the queue's lock. */
    private static final class Budget {
        final int concurrency;
        final MinuteBucket requests;
        final MinuteBucket tokens;
        int inFlight;

        Budget(ProviderLimits.Rates rates, long now) {
            this.concurrency = rates.concurrency();
            this.requests = rates.requestsPerMinute() > 0 ? new MinuteBucket(rates.requestsPerMinute(), now) : null;
            this.tokens = rates.tokensPerMinute() > 0 ? new MinuteBucket(rates.tokensPerMinute(), now) : null;
        }

        boolean fits(long estimate, long now) {
            return (concurrency == 0 || inFlight < concurrency)
                    && (requests == null || requests.fits(1, now))
                    && (tokens == null || tokens.fits(estimate, now));
        }

        void take(long estimate) {
            inFlight++;
            if (requests != null) {
                requests.take(1);
            }
            if (tokens != null) {
                tokens.take(estimate);
            }
        }

        void giveBack(long tokenCorrection, long now) {
            inFlight--;
            if (tokens != null && tokenCorrection != 0) {
                tokens.correct(tokenCorrection, now);
            }
        }

        /** Nanoseconds until the per-minute limits allow this call; 0 when only the calls at once hold it back. */
        long nanosUntilRateFits(long estimate, long now) {
            long wait = 0;
            if (requests != null) {
                wait = requests.nanosUntilFits(1, now);
            }
            if (tokens != null) {
                wait = Math.max(wait, tokens.nanosUntilFits(estimate, now));
            }
            return wait;
        }
    }
}
