package io.camelgateway.metering;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.store.UsageRepository;

/**
 * Writes what each caller used to the store, off the request path: a request's record waits in a bounded queue,
 * and every flush interval one thread sums the waiting records per day (UTC), team, caller and model and adds the
 * sums in one batch. A full queue or a failed write drops records, counted (gateway_usage_dropped_total) and
 * logged; a request never waits for the store.
 */
public final class UsageRecorder implements RequestEndListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);
    private static final String NONE = "none";

    private final UsageRepository repository;
    private final BlockingQueue<RequestRecord> pending;
    private final Drops dropped;
    private final ScheduledExecutorService flusher;

    public UsageRecorder(UsageRepository repository, int queueSize, Duration flushEvery, MeterRegistry meters) {
        this.repository = repository;
        this.pending = new ArrayBlockingQueue<>(queueSize);
        this.dropped = new Drops(meters, "gateway.usage.dropped", LOG,
                "usage not written to the store (its queue was full, or the store failed)");
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "usage-recorder");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flush, flushEvery.toMillis(), flushEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void ended(RequestRecord record) {
        RequestRecord.Outcome outcome = record.outcome();
        if (outcome == null || outcome.caller() == null) {
            return; // refused before anyone was known: nobody's usage
        }
        if (!pending.offer(record)) {
            dropped.add(1);
        }
    }

    /** Sums what waits and adds it to the store; on the flusher's thread (and once more on close). */
    void flush() {
        List<RequestRecord> batch = new ArrayList<>();
        pending.drainTo(batch);
        if (batch.isEmpty()) {
            return;
        }
        Map<Key, Sums> sums = new LinkedHashMap<>();
        for (RequestRecord record : batch) {
            RequestRecord.Outcome o = record.outcome();
            String model = o.servedModel() != null ? o.servedModel()
                    : o.requestedModel() != null ? o.requestedModel() : NONE;
            Key key = new Key(LocalDate.ofInstant(record.time(), ZoneOffset.UTC), o.team() == null ? NONE : o.team(),
                    o.caller(), model);
            sums.computeIfAbsent(key, k -> new Sums()).add(record);
        }
        List<UsageRepository.Total> totals = new ArrayList<>(sums.size());
        sums.forEach((k, s) -> totals.add(new UsageRepository.Total(k.day, k.team, k.caller, k.model, s.requests,
                s.inputTokens, s.outputTokens, s.costUsd)));
        try {
            repository.add(totals);
        } catch (RuntimeException e) {
            LOG.warn("Usage: cannot write {} request(s) to the store: {}", batch.size(), e.getMessage());
            dropped.add(batch.size());
        }
    }

    public long dropped() {
        return dropped.count();
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    /** Equality written out: a record's own goes through method handles, a third of this thread's time in JFR. */
    private record Key(LocalDate day, String team, String caller, String model) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && day.equals(k.day) && team.equals(k.team)
                    && Objects.equals(caller, k.caller) && model.equals(k.model);
        }

        @Override
        public int hashCode() {
            return ((day.hashCode() * 31 + team.hashCode()) * 31 + Objects.hashCode(caller)) * 31 + model.hashCode();
        }
    }

    /** One key's sums over a batch. */
    private static final class Sums {
        private long requests;
        private long inputTokens;
        private long outputTokens;
        private double costUsd;

        void add(RequestRecord record) {
            requests++;
            inputTokens += record.inputTokens();
            outputTokens += record.outputTokens();
            costUsd += record.costUsd();
        }
    }
}
