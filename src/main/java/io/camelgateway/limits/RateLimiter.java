package io.camelgateway.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The rate limiters of this process, one per scope the policy limits (so as many as the policy names). A scope
 * whose limits the policy changed starts afresh with the new ones.
 */
final class RateLimiter {
    private final ConcurrentMap<Scope, ScopeLimiter> limiters = new ConcurrentHashMap<>();
    private final LimitStore store;

    RateLimiter(LimitStore store) {
        this.store = store;
    }

    ScopeLimiter of(Scope scope, RateLimit limit) {
        ScopeLimiter limiter = limiters.get(scope);
        if (limiter != null && limiter.limit.equals(limit)) {
            return limiter;
        }
        return limiters.compute(scope, (s, old) -> old != null && old.limit.equals(limit) ? old
                : new ScopeLimiter(s, limit, store));
    }
}
