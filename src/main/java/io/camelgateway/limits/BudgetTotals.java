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
    private long unwritten; // settled here since the store's last write

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
        unwritten += cost;
        return before;
    }

    synchronized long settled() {
        return settled;
    }

    synchronized long reserved() {
        return reserved;
    }

    /** What was settled here since the last call, for the store's batched writes (which add it to their row). */
    synchronized long takeUnwritten() {
        long amount = unwritten;
        unwritten = 0;
        return amount;
    }

    /** A write that failed: its amount is written with the next batch. */
    synchronized void unwritten(long amount) {
        unwritten += amount;
    }
}
