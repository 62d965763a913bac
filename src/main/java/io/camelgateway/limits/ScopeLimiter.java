package io.camelgateway.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * One scope's rate limits: a Bucket4j token bucket for requests and one for tokens, each refilled evenly over a
 * minute up to its limit, and a count of the requests under way; here or in Redis ({@link LimitStore}). A counter
 * that cannot be reached limits nothing ({@link LimitStore#unreachable}).
 */
final class ScopeLimiter {
    final Scope scope;
    final RateLimit limit;
    private final LimitStore store;
    private final Bucket requests;
    private final Bucket tokens;
    private final LimitStore.ConcurrencySlots underWay;

    ScopeLimiter(Scope scope, RateLimit limit, LimitStore store) {
        this.scope = scope;
        this.limit = limit;
        this.store = store;
        this.requests = limit.requestsPerMinute() == null ? null
                : store.perMinute("rpm:" + scope.id() + ":" + limit.requestsPerMinute(), limit.requestsPerMinute());
        this.tokens = limit.tokensPerMinute() == null ? null
                : store.perMinute("tpm:" + scope.id() + ":" + limit.tokensPerMinute(), limit.tokensPerMinute());
        this.underWay = limit.concurrentRequests() == null ? null
                : store.slots("concurrent:" + scope.id(), limit.concurrentRequests());
    }

    /** What {@link #startRequest} did. */
    enum Slot {
        /** A slot was taken: free it when the answer ends. */
        HELD,
        /** Nothing to free: the scope has no concurrency limit, or its counter could not be reached. */
        NONE,
        /** Every slot is in use. */
        REFUSED
    }

    Slot startRequest() {
        if (underWay == null) {
            return Slot.NONE;
        }
        try {
            return underWay.take() ? Slot.HELD : Slot.REFUSED;
        } catch (RuntimeException e) {
            store.unreachable(e);
            return Slot.NONE;
        }
    }

    /** Frees a slot that {@link #startRequest} held. */
    void endRequest(Slot slot) {
        if (slot == Slot.HELD) {
            try {
                underWay.release();
            } catch (RuntimeException e) {
                store.unreachable(e);
            }
        }
    }

    /** Takes one request; null when this scope has no request limit (or its counter cannot be reached). */
    ConsumptionProbe takeRequest() {
        return take(requests, 1);
    }

    void giveBackRequest() {
        give(requests, 1);
    }

    /** Takes the request's estimated tokens; null when this scope has no token limit. */
    ConsumptionProbe takeTokens(long estimate) {
        return take(tokens, estimate);
    }

    /** Once the answer has ended: the tokens it really used, where the estimate was taken. */
    void correctTokens(long estimate, long used) {
        if (tokens == null || estimate == used) {
            return;
        }
        try {
            if (used > estimate) {
                tokens.consumeIgnoringRateLimits(used - estimate); // may go below zero: later requests wait it off
            } else {
                tokens.addTokens(estimate - used);
            }
        } catch (RuntimeException e) {
            store.unreachable(e);
        }
    }

    private ConsumptionProbe take(Bucket bucket, long amount) {
        if (bucket == null) {
            return null;
        }
        try {
            return bucket.tryConsumeAndReturnRemaining(amount);
        } catch (RuntimeException e) {
            store.unreachable(e);
            return null;
        }
    }

    private void give(Bucket bucket, long amount) {
        if (bucket != null) {
            try {
                bucket.addTokens(amount);
            } catch (RuntimeException e) {
                store.unreachable(e);
            }
        }
    }
}
