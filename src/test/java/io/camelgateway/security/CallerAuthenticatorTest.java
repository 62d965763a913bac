package io.camelgateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final CallerAuthenticator authenticator = new CallerAuthenticator(
            List.of(new CallerKey("alice", "gw-alice-key"), new CallerKey("bob", "gw-bob-key")));

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
    void bearerKeyIsAcceptedAndCallerRecorded() {
        Exchange exchange = exchange(Map.of("Authorization", "Bearer gw-bob-key"));
        authenticator.process(exchange);

        assertEquals(new CallerIdentity("bob"), exchange.getProperty(GatewayConstants.CALLER));
        assertKeyHeadersRemoved(exchange);
    }

    @Test
    void lowerCaseBearerIsAccepted() {
        Exchange exchange = exchange(Map.of("Authorization", "bearer gw-alice-key"));
        authenticator.process(exchange);

        assertEquals(new CallerIdentity("alice"), exchange.getProperty(GatewayConstants.CALLER));
    }

    @Test
    void xApiKeyIsAccepted() {
        Exchange exchange = exchange(Map.of("x-api-key", "gw-alice-key"));
        authenticator.process(exchange);

        assertEquals(new CallerIdentity("alice"), exchange.getProperty(GatewayConstants.CALLER));
        assertKeyHeadersRemoved(exchange);
    }

    @Test
    void wrongKeyIsUnauthorizedAndStillRemoved() {
        Exchange exchange = exchange(Map.of("Authorization", "Bearer gw-mallory-key", "x-api-key", "gw-x"));
        GatewayException e = assertThrows(GatewayException.class, () -> authenticator.process(exchange));

        assertEquals(401, e.status());
        assertEquals("invalid_api_key", e.code());
        assertNull(exchange.getProperty(GatewayConstants.CALLER));
        assertKeyHeadersRemoved(exchange);
    }

    @Test
    void missingKeyIsUnauthorized() {
        Exchange exchange = exchange(Map.of());
        GatewayException e = assertThrows(GatewayException.class, () -> authenticator.process(exchange));

        assertEquals(401, e.status());
        assertNull(exchange.getProperty(GatewayConstants.CALLER));
    }

    @Test
    void onlyGetOrHeadOfAHealthCheckNeedsNoKey() {
        assertFalse(CallerAuthenticator.needsKey("GET", "/health/live"));
        assertFalse(CallerAuthenticator.needsKey("HEAD", "/health/ready/"));
        assertTrue(CallerAuthenticator.needsKey("POST", "/health/live"));
        assertTrue(CallerAuthenticator.needsKey("GET", "/health/other"));
        assertTrue(CallerAuthenticator.needsKey("GET", "/v1/models"));
        assertTrue(CallerAuthenticator.needsKey("GET", "/"));
    }

    @Test
    void headOfARequestIsCheckedWithTheSameKeys() {
        Map<String, String> head = Map.of("Authorization", "Bearer gw-alice-key");
        assertEquals(new CallerIdentity("alice"), authenticator.authenticate(head::get));
        assertEquals(401, assertThrows(GatewayException.class,
                () -> authenticator.authenticate(Map.of("x-api-key", "gw-eve-key")::get)).status());
    }
}
