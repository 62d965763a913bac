package io.camelgateway.limits;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The budgets' totals in this process: the current period's of each scope with a budget. A new period starts from
 * zero, or from what the store holds for it ({@link #load}).
 */
public final class BudgetLedger {
    private final Clock clock;
    private final ConcurrentMap<Scope, BudgetTotals> current = new ConcurrentHashMap<>();
    private final Map<String, Long> stored = new ConcurrentHashMap<>(); // "scope id|period" -> settled, read at start

    public BudgetLedger(Clock clock) {
        this.clock = clock;
    }

    BudgetTotals totals(Scope scope, Budget budget) {
        String period = budget.period().key(clock.instant());
        BudgetTotals totals = current.get(scope);
        if (totals != null && totals.period.equals(period)) {
            return totals;
        }
        return current.compute(scope, (s, old) -> old != null && old.period.equals(period) ? old
                : new BudgetTotals(s, period, stored.getOrDefault(s.id() + "|" + period, 0L)));
    }

    Clock clock() {
        return clock;
    }

    /** What the store held at start, by scope id and period. */
    public void load(String scopeId, String period, long settledNanoUsd) {
        stored.put(scopeId + "|" + period, settledNanoUsd);
    }

    /** Hands each total that changed since the last call to the store's writer: scope id, period, settled. */
    public void drainChanges(ChangeSink sink) {
        current.values().forEach(totals -> {
            long settled = totals.takeChange();
            if (settled >= 0) {
                sink.changed(totals.scope.id(), totals.period, settled);
            }
        });
    }

    /** The settled spend of a scope's current period, in USD (0 if it has no budget or nothing spent). */
    public double spentUsd(Scope scope) {
        BudgetTotals totals = current.get(scope);
        return totals == null ? 0 : totals.settled() / BudgetTotals.NANOS_PER_USD;
    }

    @FunctionalInterface
    public interface ChangeSink {
        void changed(String scopeId, String period, long settledNanoUsd);
    }
}
