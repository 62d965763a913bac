package io.camelgateway.metrics;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.camelgateway.resilience.ProviderQueue;
import io.camelgateway.resilience.ProviderQueueListener;
import io.camelgateway.resilience.ProviderQueues;

/**
 * The meters of the providers' queues (the gateway's own limits for a provider): requests waiting and calls under
 * way now, each admitted request's wait, and refusals by code. Labelled only by configured provider names.
 */
public final class ProviderQueueMetrics implements ProviderQueueListener {
    private static final Duration[] WAIT_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(10),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> waits = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> refusals = new ConcurrentHashMap<>();

    public ProviderQueueMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the gauges of every queue and listens to them all. */
    public void watch(ProviderQueues queues) {
        for (String provider : queues.providers()) {
            ProviderQueue queue = queues.forProvider(provider);
            Gauge.builder("gateway.provider.queue.depth", queue, ProviderQueue::waiting)
                    .description("Requests waiting in the gateway's queue for the provider's own limits")
                    .tag("gen_ai.provider.name", provider)
                    .register(registry);
            Gauge.builder("gateway.provider.queue.in_flight", queue, ProviderQueue::inFlight)
                    .description("Calls holding a slot under the gateway's own limits for the provider")
                    .tag("gen_ai.provider.name", provider)
                    .register(registry);
        }
        queues.listener(this);
    }

    @Override
    public void admitted(String provider, long waitedNanos) {
        waits.computeIfAbsent(provider, p -> Timer.builder("gateway.provider.queue.wait")
                .description("Time a request waited for a slot under the gateway's own limits for the provider")
                .tag("gen_ai.provider.name", p)
                .serviceLevelObjectives(WAIT_BUCKETS)
                .register(registry)).record(waitedNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void refused(String provider, String code) {
        refusals.computeIfAbsent(provider + " " + code, key -> Counter.builder("gateway.provider.queue.refusals")
                .description("Requests refused by the gateway's own limits for the provider: queue full or wait "
                        + "too long")
                .tags("gen_ai.provider.name", provider, "error.type", code)
                .register(registry)).increment();
    }
}
