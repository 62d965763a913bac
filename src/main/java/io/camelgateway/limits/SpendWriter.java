package io.camelgateway.limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.store.SpendRepository;
import io.camelgateway.store.SpendRepository.Spend;

/**
 * Writes the budgets' spend to the store off the request path: every interval, on its own thread, what was settled
 * since the last write, in one transaction. A write that fails is kept (one amount per scope and period) and added
 * to the next; {@link #close} writes what is left.
 */
public final class SpendWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpendWriter.class);

    private final BudgetLedger ledger;
    private final SpendRepository repository;
    private final ScheduledExecutorService timer;
    private final Map<String, Spend> pending = new LinkedHashMap<>();
    private boolean failing;

    /** Reads the current periods' spend into the ledger, then writes every {@code intervalMillis}. */
    public SpendWriter(BudgetLedger ledger, SpendRepository repository, long intervalMillis) {
        this.ledger = ledger;
        this.repository = repository;
        ledger.load(repository.inPeriods(ledger.currentPeriods()));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "budget-spend-writer");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::write, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    synchronized void write() {
        for (Spend spend : ledger.takeUnwritten()) {
            pending.merge(spend.scope() + "|" + spend.period(), spend,
                    (a, b) -> new Spend(a.scope(), a.period(), a.nanoUsd() + b.nanoUsd()));
        }
        if (pending.isEmpty()) {
            return;
        }
        List<Spend> batch = new ArrayList<>(pending.values());
        try {
            repository.add(batch);
            pending.clear();
            if (failing) {
                LOG.info("Budget spend written to the store again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("Cannot write budget spend to the store; kept and tried again: {}", e.getMessage());
                failing = true;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write();
    }
}
