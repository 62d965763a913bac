package io.camelgateway.resilience;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import io.camelgateway.api.GatewayException;

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
    }

    private final CircuitBreakerRegistry registry;

    public ProviderBreakers(Settings settings) {
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRatePercent())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowCalls())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(t -> !(t instanceof GatewayException g) || g.providerFault())
                .build());
    }

    public CircuitBreaker forProvider(String provider) {
        return registry.circuitBreaker(provider);
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
