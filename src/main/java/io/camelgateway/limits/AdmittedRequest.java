package io.camelgateway.limits;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one admitted request took from its limits and budgets, and what its provider calls have used so far. Its
 * pool's and fan-out's copies of the exchange share it; it settles once, when the answer has ended: the tokens
 * estimate is corrected, the concurrency slots freed, and each budget's reservation replaced by the real cost.
 */
final class AdmittedRequest {
    private final List<ScopeLimiter> limiters;
    private final List<ScopeLimiter.Slot> slots; // by limiter
    private final long estimatedTokens;
    private final List<BudgetTotals> budgets;
    private final List<Budget> budgetLimits;
    private final long[] reservations; // by budget, in the order of budgets
    private final AtomicLong usedTokens = new AtomicLong();
    private final AtomicLong costNanoUsd = new AtomicLong();
    private final AtomicBoolean settled = new AtomicBoolean();

    AdmittedRequest(List<ScopeLimiter> limiters, List<ScopeLimiter.Slot> slots, long estimatedTokens, List<BudgetTotals> budgets,
                    List<Budget> budgetLimits, long[] reservations) {
        this.limiters = limiters;
        this.slots = slots;
        this.estimatedTokens = estimatedTokens;
        this.budgets = budgets;
        this.budgetLimits = budgetLimits;
        this.reservations = reservations;
    }

    void callEnded(long tokens, long costNanoUsd) {
        usedTokens.addAndGet(tokens);
        this.costNanoUsd.addAndGet(costNanoUsd);
    }

    /** Settles once; the budgets' totals before this answer, in the order of {@link #budgets()}, for alerts. */
    long[] settle() {
        if (!settled.compareAndSet(false, true)) {
            return null;
        }
        long used = usedTokens.get();
        for (int i = 0; i < limiters.size(); i++) {
            limiters.get(i).correctTokens(estimatedTokens, used);
            limiters.get(i).endRequest(slots.get(i));
        }
        long cost = costNanoUsd.get();
        long[] before = new long[budgets.size()];
        for (int i = 0; i < budgets.size(); i++) {
            before[i] = budgets.get(i).settle(reservations[i], cost);
        }
        return before;
    }

    List<BudgetTotals> budgets() {
        return budgets;
    }

    List<Budget> budgetLimits() {
        return budgetLimits;
    }

    long cost() {
        return costNanoUsd.get();
    }
}
