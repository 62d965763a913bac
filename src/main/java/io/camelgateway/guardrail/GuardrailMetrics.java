package io.camelgateway.guardrail;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;

import io.camelgateway.metrics.GatewayMetrics;

/**
 * One guardrail's meters, labelled {@code guardrail}: gateway_guardrail_checks_total{guardrail,action,team} (each
 * request it checked, by what it did), gateway_guardrail_duration_seconds (the check's time, p50 and p99) and
 * gateway_guardrail_findings_total{guardrail,kind} (values found, for a guardrail that finds kinds of thing).
 */
public final class GuardrailMetrics {
    private final String guardrail;
    private final MeterRegistry meters;
    private final Timer duration;
    /** The counters already registered, by action and team, and by kind: no meter lookup per request. */
    private final ConcurrentMap<String, Counter> checks = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> findings = new ConcurrentHashMap<>();

    public GuardrailMetrics(String guardrail, MeterRegistry meters) {
        this.guardrail = guardrail;
        this.meters = meters;
        this.duration = Timer.builder("gateway.guardrail.duration").tag("guardrail", guardrail)
                .description("Time the guardrail's check took").publishPercentiles(0.5, 0.99).register(meters);
    }

    /** The time since {@code startNanos} ({@link System#nanoTime}) as one check's. */
    public void timeSince(long startNanos) {
        duration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** A request checked, and what the guardrail did with it (pass, flag, block, redact...). */
    public void checked(Exchange exchange, String action) {
        String team = GatewayMetrics.team(exchange);
        checks.computeIfAbsent(action + '\n' + team, key -> Counter.builder("gateway.guardrail.checks")
                .tag("guardrail", guardrail).tag("action", action).tag("team", team)
                .description("Requests a guardrail checked, by what it did").register(meters)).increment();
    }

    /** Values found, by kind. */
    public void found(Map<String, Integer> byKind) {
        byKind.forEach((kind, n) -> findings.computeIfAbsent(kind, k -> Counter.builder("gateway.guardrail.findings")
                .tag("guardrail", guardrail).tag("kind", kind).description("Values a guardrail found, by kind")
                .register(meters)).increment(n));
    }
}
