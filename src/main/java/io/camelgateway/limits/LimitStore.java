package io.camelgateway.limits;

import io.github.bucket4j.Bucket;

/**
 * Where rate limits and budgets are counted: in this process ({@link InProcessLimits}), or in Redis, shared by every
 * gateway that names it ({@link RedisLimits}). Ids name a scope and what is counted; the same id is the same
 * counter on every instance.
 */
public interface LimitStore extends AutoCloseable {
    /** A token bucket of this capacity, refilled evenly over a minute. */
    Bucket perMinute(String id, int capacity);

    /** A count of the requests under way, at most {@code max}. */
    ConcurrencySlots slots(String id, int max);

    /** One budget's totals in one period; {@code stored} is what the store held for it at start. */
    BudgetCounter budget(String id, String period, long stored);

    /** Called when a counter could not be reached: the request goes on as if the limit were not there. */
    default void unreachable(RuntimeException e) {
        throw e;
    }

    @Override
    default void close() {
    }

    interface ConcurrencySlots {
        boolean take();

        void release();
    }

    /** A budget's settled and reserved spend, in billionths of a USD. */
    interface BudgetCounter {
        /** Reserves {@code most}; false (nothing reserved) when a hard budget's limit would be passed. */
        boolean reserve(long most, long limit, boolean hard);

        /** Replaces a reservation by the cost; returns the settled spend before. */
        long settle(long reservation, long cost);

        long settled();

        long reserved();
    }
}
