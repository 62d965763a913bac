package io.camelgateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;
import io.camelgateway.config.GatewayConfig.CallerKey;

class CallerAuthenticatorTest {

    private final CamelContext context = new DefaultCamelContext();
    private final AuthSchemes schemes = new AuthSchemes(List.of(new StaticKeys(List.of(
            new CallerKey("alice", "gw-alice-key"), new CallerKey("bob", "gw-bob-key", "research", Set.of("admin"))))));
    private final CallerAuthenticator authenticator = new CallerAuthenticator(schemes);

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private Exchange exchange(Map<String, Object> headers) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeaders(new HashMap<>(headers));
        exchange.getMessage().setHeader("Content-Type", "application/json");
        return exchange;
    }

    private static void assertKeyHeadersRemoved(Exchange exchange) {
        assertNull(exchange.getMessage().getHeader("Authorization"));
        assertNull(exchange.getMessage().getHeader("x-api-key"));
        assertNull(exchange.getMessage().getHeader("api-key"));
        assertEquals("application/json", exchange.getMessage().getHeader("Content-Type"));
    }

    @Test
    void bearerKeyIsAcceptedAndCallerRecorded() throws Exception {
        Exchange exchange = exchange(Map.of("Authorization", "Bearer gw-bob-key"));
        authenticator.process(exchange);

        assertEquals(new CallerIdentity("bob", "key", "research", Set.of("admin"), Map.of()),
                exchange.getProperty(GatewayConstants.CALLER));
        assertKeyHeadersRemoved(exchange);
    }

    @Test
    void lowerCaseBearerIsAccepted() throws Exception {
        Exchange exchange = exchange(Map.of("Authorization", "bearer gw-alice-key"));
        authenticator.process(exchange);

        assertEquals(new CallerIdentity("alice"), exchange.getProperty(GatewayConstants.CALLER));
    }

    @Test
    void xApiKeyIsAccepted() throws Exception {
        Exchange exchange = exchange(Map.of("x-api-key", "gw-alice-key"));
        authenticator.process(exchange);

        assertEquals(new CallerIdentity("alice"), exchange.getProperty(GatewayConstants.CALLER));
        assertKeyHeadersRemoved(exchange);
    }

    @Test
    void wrongKeyIsUnauthorizedAndStillRemoved() throws Exception {
        Exchange exchange = exchange(Map.of("Authorization", "Bearer gw-mallory-key", "x-api-key", "gw-x"));
        authenticator.process(exchange);
        GatewayException e = exchange.getException(GatewayException.class);

        assertEquals(401, e.status());
        assertEquals("invalid_api_key", e.code());
        assertEquals("Incorrect API key provided.", e.getMessage());
        assertNull(exchange.getProperty(GatewayConstants.CALLER));
        assertKeyHeadersRemoved(exchange);
    }

    @Test
    void missingKeyIsUnauthorized() throws Exception {
        Exchange exchange = exchange(Map.of());
        authenticator.process(exchange);
        GatewayException e = exchange.getException(GatewayException.class);

        assertEquals(401, e.status());
        assertTrue(e.getMessage().startsWith("You didn't provide an API key"), e.getMessage());
        assertNull(exchange.getProperty(GatewayConstants.CALLER));
    }

    @Test
    void onlyGetOrHeadOfAHealthCheckNeedsNoKey() throws Exception {
        assertFalse(CallerAuthenticator.needsKey("GET", "/health/live"));
        assertFalse(CallerAuthenticator.needsKey("HEAD", "/health/ready/"));
        assertTrue(CallerAuthenticator.needsKey("POST", "/health/live"));
        assertTrue(CallerAuthenticator.needsKey("GET", "/health/other"));
        assertTrue(CallerAuthenticator.needsKey("GET", "/v1/models"));
        assertTrue(CallerAuthenticator.needsKey("GET", "/"));
    }

    @Test
    void onlyAGetOfTheMetricsNeedsNoKey() {
        assertFalse(CallerAuthenticator.needsKey("GET", "/metrics"));
        assertTrue(CallerAuthenticator.needsKey("HEAD", "/metrics"));
        assertTrue(CallerAuthenticator.needsKey("POST", "/metrics"));
        assertTrue(CallerAuthenticator.needsKey("GET", "/metrics/more"));
    }

    @Test
    void headOfARequestIsCheckedWithTheSameKeys() throws Exception {
        assertNull(AuthSchemes.refusalNow(schemes.authenticate(
                TestRequestHead.withHeaders(Map.of("Authorization", "Bearer gw-alice-key")))));
        assertEquals(401, AuthSchemes.refusalNow(schemes.authenticate(TestRequestHead.withHeaders(Map.of("x-api-key", "gw-eve-key"))))
                .status());
        assertEquals(401, AuthSchemes.refusalNow(schemes.authenticate(
                TestRequestHead.withHeaders(Map.of("Authorization", "Basic Z3ctYWxpY2Uta2V5")))).status());
    }
}
