package io.camelgateway.limits;

/**
 * One budget's spend in one period: its counter (settled and reserved, in billionths of a USD, here or in Redis)
 * and what this instance settled since the store's last write. A request is admitted only while settled + reserved
 * + its own most stays within a hard budget, so concurrent requests cannot overspend it between them.
 */
final class BudgetTotals {
    static final double NANOS_PER_USD = 1e9;

    final Scope scope;
    final String period;
    private final LimitStore.BudgetCounter counter;
    private final LimitStore store;
    private long unwritten; // settled here since the store's last write

    BudgetTotals(Scope scope, String period, LimitStore store, long stored) {
        this.scope = scope;
        this.period = period;
        this.store = store;
        this.counter = store.budget("budget:" + scope.id() + ":" + period, period, stored);
    }

    /** What {@link #reserve} answers when a hard budget would be passed. */
    static final long REFUSED = -1;

    /**
     * Reserves the request's most.
     *
     * @return what was reserved, to settle later: the most, 0 when the counter could not be reached (fail open:
     *         nothing to give back), or {@link #REFUSED} (nothing reserved) when a hard budget would be passed
     */
    long reserve(long most, long limit, boolean hard) {
        try {
            return counter.reserve(most, limit, hard) ? most : REFUSED;
        } catch (RuntimeException e) {
            store.unreachable(e);
            return 0;
        }
    }

    /**
     * Replaces a reservation by what the answer cost (0 to release it).
     *
     * @return the settled spend before this answer, to tell whether it crossed the limit
     */
    long settle(long reservation, long cost) {
        synchronized (this) {
            unwritten += cost;
        }
        try {
            return counter.settle(reservation, cost);
        } catch (RuntimeException e) {
            store.unreachable(e);
            return Long.MIN_VALUE / 2; // unknown: no crossing is told
        }
    }

    long settled() {
        return counter.settled();
    }

    long reserved() {
        try {
            return counter.reserved();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** What was settled here since the last call, for the store's batched writes (which add it to their row). */
    synchronized long takeUnwritten() {
        long amount = unwritten;
        unwritten = 0;
        return amount;
    }
}
