package io.camelgateway.resilience;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import io.camelgateway.api.GatewayException;
import io.camelgateway.config.Durations;
import io.camelgateway.config.ProviderConfig;

/**
 * One circuit breaker per provider (Resilience4j), shared by every route that calls it. The llm: producer asks
 * it before each call and tells it the outcome without blocking; only {@link GatewayException#providerFault()
 * provider faults} count as failures. (Camel 4.18's circuitBreaker EIP blocks its thread until the call ends,
 * which on a Netty event loop that also runs the provider call is a deadlock; see docs/resilience.md.)
 */
public final class ProviderBreakers {
    /** The settings of every provider's breaker (gateway.breaker.* properties). */
    public record Settings(float failureRatePercent, int slidingWindowCalls, int minimumCalls, Duration openFor,
                           int halfOpenCalls) {
        public static final Settings DEFAULTS = new Settings(50, 20, 10, Duration.ofSeconds(30), 2);

        /**
         * These settings with a provider's own (its {@code breaker:} in gateway.yaml): failureRatePercent,
         * windowCalls, minimumCalls, open (a duration) and halfOpenCalls.
         */
        public Settings with(Map<String, String> overrides, String where) {
            float rate = failureRatePercent;
            int window = slidingWindowCalls;
            int minimum = minimumCalls;
            Duration open = openFor;
            int halfOpen = halfOpenCalls;
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                String v = e.getValue().trim();
                try {
                    switch (e.getKey()) {
                        case "failureRatePercent" -> rate = Float.parseFloat(v);
                        case "windowCalls" -> window = Integer.parseInt(v);
                        case "minimumCalls" -> minimum = Integer.parseInt(v);
                        case "open" -> open = Durations.parse(v);
                        case "halfOpenCalls" -> halfOpen = Integer.parseInt(v);
                        default -> throw new IllegalArgumentException("unknown setting; use failureRatePercent, "
                                + "windowCalls, minimumCalls, open or halfOpenCalls");
                    }
                } catch (IllegalArgumentException bad) { // NumberFormatException included
                    throw new IllegalArgumentException(where + ".breaker." + e.getKey() + ": '" + v + "': "
                            + bad.getMessage());
                }
            }
            return new Settings(rate, window, minimum, open, halfOpen);
        }

        CircuitBreakerConfig config() {
            return CircuitBreakerConfig.custom()
                    .failureRateThreshold(failureRatePercent)
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(slidingWindowCalls)
                    .minimumNumberOfCalls(minimumCalls)
                    .waitDurationInOpenState(openFor)
                    .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                    // Nothing else would ask an open member of a pool whose other member is healthy, so without
                    // this it would stay open for good. It costs one daemon timer thread for all breakers.
                    .automaticTransitionFromOpenToHalfOpenEnabled(true)
                    .recordException(t -> !(t instanceof GatewayException g) || g.providerFault())
                    .build();
        }
    }

    private final CircuitBreakerRegistry registry;
    private final Map<String, CircuitBreakerConfig> perProvider = new HashMap<>();

    public ProviderBreakers(Settings settings) {
        this(settings, Map.of());
    }

    /** @param providers the providers whose own {@code breaker:} settings apply on top of these; checked now */
    public ProviderBreakers(Settings settings, Map<String, ProviderConfig> providers) {
        this.registry = CircuitBreakerRegistry.of(settings.config());
        providers.values().forEach(p -> {
            if (!p.breaker().isEmpty()) {
                perProvider.put(p.name(), settings.with(p.breaker(), "providers." + p.name()).config());
            }
        });
    }

    public CircuitBreaker forProvider(String provider) {
        CircuitBreakerConfig own = perProvider.get(provider);
        return own == null ? registry.circuitBreaker(provider) : registry.circuitBreaker(provider, own);
    }

    /** The provider's breaker if a call has used it yet, without making one. */
    public Optional<CircuitBreaker> find(String provider) {
        return registry.find(provider);
    }

    /** Every breaker that has been used, by provider: its state and failure rate, for operators. */
    public Map<String, Map<String, Object>> states() {
        Map<String, Map<String, Object>> states = new LinkedHashMap<>();
        registry.getAllCircuitBreakers().stream().sorted((a, b) -> a.getName().compareTo(b.getName()))
                .forEach(b -> {
                    Map<String, Object> state = new LinkedHashMap<>();
                    state.put("state", b.getState().name());
                    state.put("failureRatePercent", b.getMetrics().getFailureRate());
                    state.put("bufferedCalls", b.getMetrics().getNumberOfBufferedCalls());
                    state.put("notPermittedCalls", b.getMetrics().getNumberOfNotPermittedCalls());
                    states.put(b.getName(), state);
                });
        return states;
    }

    /** The caller's answer when a provider's breaker is open: 503, counted as the provider's fault. */
    public static GatewayException open(String provider) {
        return new GatewayException(503, "server_error", "provider_circuit_open", null, "Provider '" + provider
                + "' is failing and is not being called for now (its circuit breaker is open).", null, null);
    }
}
