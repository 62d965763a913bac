package io.camelgateway.resilience;

/** Hears what happens in the providers' queues, for metrics. Called on the thread that decided it; must not block. */
public interface ProviderQueueListener {
    ProviderQueueListener NONE = new ProviderQueueListener() {
    };

    /** A request got its slot, after waiting this long (0 when it did not wait). */
    default void admitted(String provider, long waitedNanos) {
    }

    /** A request was refused by the gateway's own limit: provider_queue_full or provider_queue_timeout. */
    default void refused(String provider, String code) {
    }
}
