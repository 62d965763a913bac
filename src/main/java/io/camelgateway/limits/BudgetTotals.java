package io.camelgateway.limits;

/**
 * One budget's spend in one period, in billionths of a USD: what answers have cost (settled) and what the requests
 * still under way may cost at most (reserved). A request is admitted only while settled + reserved + its own most
 * stays within a hard budget, so concurrent requests cannot overspend it between them.
 */
final class BudgetTotals {
    static final double NANOS_PER_USD = 1e9;

    final Scope scope;
    final String period;
    private long settled;
    private long reserved;
    private boolean dirty;

    BudgetTotals(Scope scope, String period, long settled) {
        this.scope = scope;
        this.period = period;
        this.settled = settled;
    }

    /** Reserves the request's most; false (and nothing reserved) when a hard budget would be passed. */
    synchronized boolean reserve(long most, long limit, boolean hard) {
        if (hard && settled + reserved + most > limit) {
            return false;
        }
        reserved += most;
        return true;
    }

    /**
     * Replaces a reservation by what the answer cost (0 to release it).
     *
     * @return the settled spend before this answer, to tell whether it crossed the limit
     */
    synchronized long settle(long reservation, long cost) {
        reserved -= reservation;
        long before = settled;
        settled += cost;
        if (cost != 0) {
            dirty = true;
        }
        return before;
    }

    synchronized long settled() {
        return settled;
    }

    synchronized long reserved() {
        return reserved;
    }

    /** The settled spend if it changed since the last call, else -1: for the store's batched writes. */
    synchronized long takeChange() {
        if (!dirty) {
            return -1;
        }
        dirty = false;
        return settled;
    }
}
