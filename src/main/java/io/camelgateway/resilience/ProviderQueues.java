package io.camelgateway.resilience;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.netty.util.concurrent.DefaultThreadFactory;

import io.camelgateway.config.ProviderLimits;

/**
 * The queue of every provider that declares its own limits in gateway.yaml, shared by every route that calls it,
 * and the one timer thread their deadlines and per-minute refills run on.
 */
public final class ProviderQueues implements AutoCloseable {
    private final Map<String, ProviderQueue> queues = new LinkedHashMap<>();
    private final ScheduledThreadPoolExecutor timer;

    /** @param limits each provider's limits by name; providers that declare none get no queue */
    public ProviderQueues(Map<String, ProviderLimits> limits) {
        timer = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("provider-queue-timer", true));
        timer.setRemoveOnCancelPolicy(true); // a deadline cancelled on admission must not linger until it is due
        limits.forEach((provider, own) -> {
            if (own.any()) {
                queues.put(provider, new ProviderQueue(provider, own, timer, System::nanoTime));
            }
        });
    }

    /** The provider's queue, or null when it declares no limits of its own. */
    public ProviderQueue forProvider(String provider) {
        return queues.get(provider);
    }

    /** The names of the providers with a queue, in gateway.yaml's order. */
    public Iterable<String> providers() {
        return queues.keySet();
    }

    /** Tells this listener what happens in every queue from now on. */
    public void listener(ProviderQueueListener listener) {
        queues.values().forEach(q -> q.listener(listener));
    }

    /** For operators: each limited provider's calls under way and requests waiting. */
    public Map<String, Map<String, Object>> states() {
        Map<String, Map<String, Object>> states = new LinkedHashMap<>();
        queues.forEach((provider, queue) -> {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("inFlight", queue.inFlight());
            state.put("waiting", queue.waiting());
            states.put(provider, state);
        });
        return states;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
