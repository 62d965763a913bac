package io.camelgateway.resilience;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;

/**
 * Counts one request's tries at its provider calls, for the x-gateway-attempts header. Each try of a pool runs on
 * its own copy of the exchange, so the count lives in one counter that every copy's properties point to.
 */
public final class PoolAttempts {
    private PoolAttempts() {
    }

    /** Counts a try and says so in the answer's headers. */
    public static int next(Exchange exchange) {
        AtomicInteger attempts = exchange.getProperty(GatewayConstants.ATTEMPTS, AtomicInteger.class);
        if (attempts == null) {
            attempts = new AtomicInteger();
            exchange.setProperty(GatewayConstants.ATTEMPTS, attempts);
        }
        int attempt = attempts.incrementAndGet();
        exchange.getMessage().setHeader(GatewayConstants.HEADER_ATTEMPTS, attempt);
        return attempt;
    }

    /** How many tries an exchange has had, or 0 outside a pool. */
    public static int of(Exchange exchange) {
        AtomicInteger attempts = exchange.getProperty(GatewayConstants.ATTEMPTS, AtomicInteger.class);
        return attempts == null ? 0 : attempts.get();
    }
}
