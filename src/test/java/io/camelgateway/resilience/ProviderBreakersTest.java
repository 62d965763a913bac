package io.camelgateway.resilience;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.GatewayException;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A provider's own breaker settings in gateway.yaml, on top of the gateway.breaker.* ones. */
class ProviderBreakersTest {
    private static final GatewayException FAULT = new GatewayException(502, "server_error", "upstream_error", "x");

    private static GatewayConfig config(String breaker) throws Exception {
        String yaml = """
                providers:
                  touchy:
                    format: openai
                    baseUrl: http://localhost:1/v1
                    breaker: %s
                  steady:
                    format: openai
                    baseUrl: http://localhost:1/v1
                """.formatted(breaker);
        return new GatewayConfigLoader(name -> null).parse(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            breaker.onError(1, TimeUnit.MILLISECONDS, FAULT);
        }
    }

    @Test
    void aProvidersOwnSettingsApplyToItsBreakerOnly() throws Exception {
        ProviderBreakers breakers = new ProviderBreakers(ProviderBreakers.Settings.DEFAULTS,
                config("{minimumCalls: 2, windowCalls: 2, open: 5s}").providers());
        CircuitBreaker touchy = breakers.forProvider("touchy");
        CircuitBreaker steady = breakers.forProvider("steady");
        fail(touchy, 2);
        fail(steady, 2);
        assertEquals(CircuitBreaker.State.OPEN, touchy.getState());
        assertEquals(CircuitBreaker.State.CLOSED, steady.getState(), "the defaults need 10 calls");
        assertEquals(5000L, touchy.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
        assertEquals(50f, touchy.getCircuitBreakerConfig().getFailureRateThreshold(), "not overridden: the default");
    }

    @Test
    void aWrongSettingIsRejectedAtStartWithItsPlace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProviderBreakers(
                ProviderBreakers.Settings.DEFAULTS, config("{windowCalls: many}").providers()));
        assertTrue(e.getMessage().startsWith("providers.touchy.breaker.windowCalls: 'many'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ProviderBreakers(
                ProviderBreakers.Settings.DEFAULTS, config("{threshold: 5}").providers()));
        assertTrue(e.getMessage().contains("unknown setting"), e.getMessage());
    }
}
