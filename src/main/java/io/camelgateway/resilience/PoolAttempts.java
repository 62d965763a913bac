package io.camelgateway.resilience;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;

/**
 * Counts a pool's tries, for the x-gateway-attempts header. The failover load balancer gives each try its own
 * copy of the exchange, so the count lives in one shared counter that every copy's properties point to.
 */
public class PoolAttempts {

    /** Route step at the start of a pool. */
    public void start(Exchange exchange) {
        exchange.setProperty(GatewayConstants.ATTEMPTS, new AtomicInteger());
    }

    /** Route step at the start of each try: counts it and says so in the answer's headers. */
    public void next(Exchange exchange) {
        AtomicInteger attempts = exchange.getProperty(GatewayConstants.ATTEMPTS, AtomicInteger.class);
        if (attempts == null) {
            attempts = new AtomicInteger();
            exchange.setProperty(GatewayConstants.ATTEMPTS, attempts);
        }
        exchange.getMessage().setHeader(GatewayConstants.HEADER_ATTEMPTS, attempts.incrementAndGet());
    }

    /** How many tries an exchange has had, or 0 outside a pool. */
    public static int of(Exchange exchange) {
        AtomicInteger attempts = exchange.getProperty(GatewayConstants.ATTEMPTS, AtomicInteger.class);
        return attempts == null ? 0 : attempts.get();
    }
}
