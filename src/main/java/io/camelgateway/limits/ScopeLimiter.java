package io.camelgateway.limits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * One scope's rate limits in this process: a Bucket4j token bucket for requests and one for tokens, each refilled
 * evenly over a minute up to its limit, and a count of the requests under way.
 */
final class ScopeLimiter {
    final Scope scope;
    final RateLimit limit;
    private final Bucket requests;
    private final Bucket tokens;
    private final AtomicInteger underWay = new AtomicInteger();

    ScopeLimiter(Scope scope, RateLimit limit) {
        this.scope = scope;
        this.limit = limit;
        this.requests = perMinute(limit.requestsPerMinute());
        this.tokens = perMinute(limit.tokensPerMinute());
    }

    private static Bucket perMinute(Integer capacity) {
        return capacity == null ? null : Bucket.builder()
                .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, Duration.ofMinutes(1)))
                .build();
    }

    boolean startRequest() {
        Integer max = limit.concurrentRequests();
        if (max == null) {
            return true;
        }
        if (underWay.incrementAndGet() > max) {
            underWay.decrementAndGet();
            return false;
        }
        return true;
    }

    void endRequest() {
        if (limit.concurrentRequests() != null) {
            underWay.decrementAndGet();
        }
    }

    /** Takes one request; null when this scope has no request limit. */
    ConsumptionProbe takeRequest() {
        return requests == null ? null : requests.tryConsumeAndReturnRemaining(1);
    }

    void giveBackRequest() {
        if (requests != null) {
            requests.addTokens(1);
        }
    }

    /** Takes the request's estimated tokens; null when this scope has no token limit. */
    ConsumptionProbe takeTokens(long estimate) {
        return tokens == null ? null : tokens.tryConsumeAndReturnRemaining(estimate);
    }

    /** Once the answer has ended: the tokens it really used, where the estimate was taken. */
    void correctTokens(long estimate, long used) {
        if (tokens == null || estimate == used) {
            return;
        }
        if (used > estimate) {
            tokens.consumeIgnoringRateLimits(used - estimate); // may go below zero: later requests wait it off
        } else {
            tokens.addTokens(estimate - used);
        }
    }
}
