package io.camelgateway.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A provider's own limits as gateway.yaml declares them under the provider: {@code limits} for the whole provider,
 * {@code modelLimits} per upstream model, and the {@code queue} that requests beyond them wait in.
 *
 * @param provider  the limits of every call to the provider
 * @param models    the limits of calls to one upstream model, by the provider's model name
 * @param queueSize how many requests may wait at once; one more is refused
 * @param maxWait   how long a request may wait before it is refused
 */
public record ProviderLimits(Rates provider, Map<String, Rates> models, int queueSize, Duration maxWait) {
    public static final int DEFAULT_QUEUE_SIZE = 100;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);
    private static final Set<String> RATE_FIELDS = Set.of("rpm", "tpm", "concurrency");
    private static final Set<String> QUEUE_FIELDS = Set.of("size", "maxWait");

    /**
     * @param requestsPerMinute requests started per minute (0 = no limit)
     * @param tokensPerMinute   estimated tokens per minute (0 = no limit)
     * @param concurrency       calls under way at once, streams until they end (0 = no limit)
     */
    public record Rates(int requestsPerMinute, int tokensPerMinute, int concurrency) {
        public static final Rates NONE = new Rates(0, 0, 0);

        public boolean any() {
            return requestsPerMinute > 0 || tokensPerMinute > 0 || concurrency > 0;
        }

        static Rates read(ConfigSection rates) {
            rates.node().fieldNames().forEachRemaining(field -> {
                if (!RATE_FIELDS.contains(field)) {
                    throw rates.invalid(field, "is not a limit; use rpm, tpm or concurrency");
                }
            });
            return new Rates(atLeastZero(rates, "rpm"), atLeastZero(rates, "tpm"), atLeastZero(rates, "concurrency"));
        }
    }

    /** Whether any limit is declared; without one, calls to the provider never wait. */
    public boolean any() {
        return provider.any() || models.values().stream().anyMatch(Rates::any);
    }

    /** The limits of a provider's block in gateway.yaml ({@code providers.<name>}); none when it declares none. */
    public static ProviderLimits read(ConfigSection provider) {
        Rates own = provider.has("limits") ? Rates.read(provider.section("limits")) : Rates.NONE;
        Map<String, Rates> models = new LinkedHashMap<>();
        provider.sectionsByName("modelLimits").forEach((model, rates) -> models.put(model, Rates.read(rates)));
        ConfigSection queue = provider.section("queue");
        queue.node().fieldNames().forEachRemaining(field -> {
            if (!QUEUE_FIELDS.contains(field)) {
                throw queue.invalid(field, "is not a queue setting; use size or maxWait");
            }
        });
        int size = queue.integer("size", DEFAULT_QUEUE_SIZE);
        if (size < 0) {
            throw queue.invalid("size", "must be 0 or more");
        }
        Duration maxWait = queue.duration("maxWait", DEFAULT_MAX_WAIT);
        return new ProviderLimits(own, models, size, maxWait);
    }

    private static int atLeastZero(ConfigSection rates, String field) {
        int value = rates.integer(field, 0);
        if (value < 0) {
            throw rates.invalid(field, "must be 0 (no limit) or more");
        }
        return value;
    }
}
