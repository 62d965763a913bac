package io.camelgateway.resilience;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;

/**
 * Counts a pool's tries: per request for the x-gateway-attempts header, and per pool (requests, failovers) for
 * operators. The failover load balancer gives each try its own copy of the exchange, so a request's count lives
 * in one counter that every copy's properties point to.
 */
public class PoolAttempts {
    private static final String POOL = "CamelGatewayPool";

    private record Counts(LongAdder requests, LongAdder failovers) {
    }

    private final Map<String, Counts> pools = new ConcurrentHashMap<>();

    /** Route step at the start of a pool: {@code method: "start(*, 'reliable')"}. */
    public void start(Exchange exchange, String pool) {
        exchange.setProperty(GatewayConstants.ATTEMPTS, new AtomicInteger());
        exchange.setProperty(POOL, pool);
        counts(pool).requests().increment();
    }

    /** Route step at the start of each try: counts it and says so in the answer's headers. */
    public void next(Exchange exchange) {
        AtomicInteger attempts = exchange.getProperty(GatewayConstants.ATTEMPTS, AtomicInteger.class);
        if (attempts == null) {
            attempts = new AtomicInteger();
            exchange.setProperty(GatewayConstants.ATTEMPTS, attempts);
        }
        int attempt = attempts.incrementAndGet();
        String pool = exchange.getProperty(POOL, String.class);
        if (attempt > 1 && pool != null) {
            counts(pool).failovers().increment();
        }
        exchange.getMessage().setHeader(GatewayConstants.HEADER_ATTEMPTS, attempt);
    }

    /** Each pool's requests and failovers (tries after the first) since the start. */
    public Map<String, Map<String, Long>> stats() {
        Map<String, Map<String, Long>> stats = new TreeMap<>();
        pools.forEach((pool, counts) -> {
            Map<String, Long> entry = new LinkedHashMap<>();
            entry.put("requests", counts.requests().sum());
            entry.put("failovers", counts.failovers().sum());
            stats.put(pool, entry);
        });
        return stats;
    }

    /** How many tries an exchange has had, or 0 outside a pool. */
    public static int of(Exchange exchange) {
        AtomicInteger attempts = exchange.getProperty(GatewayConstants.ATTEMPTS, AtomicInteger.class);
        return attempts == null ? 0 : attempts.get();
    }

    private Counts counts(String pool) {
        return pools.computeIfAbsent(pool, p -> new Counts(new LongAdder(), new LongAdder()));
    }
}
