package io.camelgateway.metering;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;

/** Counts records a writer off the request path had to drop, and says so in the log at most once a minute. */
public final class Drops {
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Counter counter;
    private final Logger log;
    private final String why;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong sinceLogged = new AtomicLong();

    /**
     * @param meter the counter's name (gateway.audit.dropped: gateway_audit_dropped_total)
     * @param why   what the log line says is behind
     */
    public Drops(MeterRegistry meters, String meter, Logger log, String why) {
        this.counter = Counter.builder(meter).description("Records dropped: " + why).register(meters);
        this.log = log;
        this.why = why;
    }

    public void add(long records) {
        counter.increment(records);
        sinceLogged.addAndGet(records);
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            log.warn("{} record(s) dropped since the last warning: {}", sinceLogged.getAndSet(0), why);
        }
    }

    public long count() {
        return (long) counter.count();
    }
}
