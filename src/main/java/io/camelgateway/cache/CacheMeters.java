package io.camelgateway.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A response cache's meters, labelled {@code cache} (exact, semantic) so that every cache reports under the same
 * names: gateway_cache_hits_total and gateway_cache_saved_usd_total by team, misses, answers not stored and why,
 * evictions and why, and the bytes and entries held now. Teams are the policy's, a bounded set.
 */
public final class CacheMeters {
    private final MeterRegistry registry;
    private final String cache;
    private final ConcurrentMap<String, Counter> hits = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> saved = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> notStored = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> evictions = new ConcurrentHashMap<>();
    private final Counter misses;

    public CacheMeters(MeterRegistry registry, String cache) {
        this.registry = registry;
        this.cache = cache;
        this.misses = Counter.builder("gateway.cache.misses").description("Requests the cache had no answer for")
                .tag("cache", cache).register(registry);
    }

    /** Gauges of what the cache holds now. */
    public void watch(Supplier<Number> bytes, Supplier<Number> entries) {
        Gauge.builder("gateway.cache.bytes", bytes).description("Bytes of answers the cache holds (its weigher's)")
                .tag("cache", cache).register(registry);
        Gauge.builder("gateway.cache.entries", entries).description("Answers the cache holds")
                .tag("cache", cache).register(registry);
    }

    public void hit(String team, double savedUsd) {
        hits.computeIfAbsent(team, t -> Counter.builder("gateway.cache.hits")
                .description("Requests answered from the cache").tag("cache", cache).tag("team", t)
                .register(registry)).increment();
        saved.computeIfAbsent(team, t -> Counter.builder("gateway.cache.saved.usd")
                .description("What the answers served from the cache cost when they were made, in USD")
                .tag("cache", cache).tag("team", t).register(registry)).increment(savedUsd);
    }

    public void miss() {
        misses.increment();
    }

    /** @param reason too_large, not_whole */
    public void notStored(String reason) {
        notStored.computeIfAbsent(reason, r -> Counter.builder("gateway.cache.not.stored")
                .description("Answers the cache did not keep").tag("cache", cache).tag("reason", r)
                .register(registry)).increment();
    }

    /** @param cause size (memory pressure) or expired */
    public void evicted(String cause) {
        evictions.computeIfAbsent(cause, c -> Counter.builder("gateway.cache.evictions")
                .description("Answers the cache let go before they were asked for again").tag("cache", cache)
                .tag("cause", c).register(registry)).increment();
    }
}
