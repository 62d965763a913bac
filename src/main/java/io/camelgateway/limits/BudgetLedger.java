package io.camelgateway.limits;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;

import io.camelgateway.store.SpendRepository.Spend;

/**
 * The budgets' totals in this process: the current period's of each scope with a budget. A new period starts from
 * what the store held for it at start ({@link #load}), or zero. What is settled is handed to the store's writer
 * in batches ({@link #takeUnwritten}); a period's totals that a new period replaced are kept until every request
 * reserved in them has settled and been handed over.
 */
public final class BudgetLedger {
    private final Clock clock;
    private final LimitStore store;
    private final ConcurrentMap<Scope, BudgetTotals> current = new ConcurrentHashMap<>();
    private final Queue<BudgetTotals> retired = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> stored = new ConcurrentHashMap<>(); // "scope id|period" -> spend at start

    public BudgetLedger(Clock clock, LimitStore store) {
        this.clock = clock;
        this.store = store;
    }

    LimitStore store() {
        return store;
    }

    BudgetTotals totals(Scope scope, Budget budget) {
        String period = budget.period().key(clock.instant());
        BudgetTotals totals = current.get(scope);
        if (totals != null && totals.period.equals(period)) {
            return totals;
        }
        return current.compute(scope, (s, old) -> {
            if (old != null && old.period.equals(period)) {
                return old;
            }
            if (old != null) {
                retired.add(old);
            }
            return new BudgetTotals(s, period, store, stored.getOrDefault(s.id() + "|" + period, 0L));
        });
    }

    Clock clock() {
        return clock;
    }

    /** The periods whose spend a gateway starting now reads from the store. */
    public List<String> currentPeriods() {
        List<String> periods = new ArrayList<>();
        for (BudgetPeriod period : BudgetPeriod.values()) {
            periods.add(period.key(clock.instant()));
        }
        return periods;
    }

    /** What the store held at start; read before the first request. */
    public void load(List<Spend> spend) {
        spend.forEach(s -> stored.put(s.scope() + "|" + s.period(), s.nanoUsd()));
    }

    /** What was settled since the last call, by scope and period, for the store. */
    public List<Spend> takeUnwritten() {
        List<Spend> batch = new ArrayList<>();
        current.values().forEach(totals -> take(totals, batch));
        retired.removeIf(totals -> {
            take(totals, batch);
            return totals.reserved() == 0;
        });
        return batch;
    }

    private static void take(BudgetTotals totals, List<Spend> batch) {
        long amount = totals.takeUnwritten();
        if (amount != 0) {
            batch.add(new Spend(totals.scope.id(), totals.period, amount));
        }
    }

    /** The settled spend of this budget's current period, in USD, from its counter (opened if need be). */
    public double spentUsd(Scope scope, Budget budget) {
        try {
            return totals(scope, budget).settled() / BudgetTotals.NANOS_PER_USD;
        } catch (RuntimeException e) {
            store.unreachable(e);
            return Double.NaN;
        }
    }

    /** The settled spend of a scope's current period, in USD (0 if it has no budget or nothing spent). */
    public double spentUsd(Scope scope) {
        BudgetTotals totals = current.get(scope);
        return totals == null ? 0 : totals.settled() / BudgetTotals.NANOS_PER_USD;
    }
}
