package io.camelgateway.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.api.Json;
import io.camelgateway.metering.Drops;
import io.camelgateway.metering.RequestEndListener;
import io.camelgateway.metering.RequestRecord;

/**
 * Hands each request's record to the audit-log route (routes/audit.camel.yaml) through its bounded seda: queue; the
 * route makes it one line of JSON ({@link #json}) and writes it to gateway.audit.uri on its own thread. Never waits:
 * when the queue is full (the endpoint is slower than the traffic) the record is dropped, counted
 * (gateway_audit_dropped_total) and logged, at most once a minute. A record holds names, never a key or a token.
 */
public final class AuditLog implements RequestEndListener {
    /** The queue the audit-log route consumes from. */
    public static final String QUEUE = "seda:gateway-audit";
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final CamelContext context;
    private final Drops dropped;
    private volatile BlockingQueue<Exchange> queue;

    public AuditLog(CamelContext context, MeterRegistry meters) {
        this.context = context;
        this.dropped = new Drops(meters, "gateway.audit.dropped", LOG,
                "the audit log's queue is full: gateway.audit.uri is not keeping up");
    }

    @Override
    public void ended(RequestRecord record) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(record); // made into its JSON line by the route, off the request path
        if (!queue().offer(exchange)) {
            dropped.add(1);
        }
    }

    /** The audit-log route's step: the record as one JSON line. */
    public String json(RequestRecord record) {
        return line(record);
    }

    /** The record as one JSON line. */
    public static String line(RequestRecord record) {
        return Json.writeString(fields(record)) + "\n";
    }

    /** The record's fields, in the order the audit line has them. */
    public static Map<String, Object> fields(RequestRecord record) {
        RequestRecord.Outcome o = record.outcome();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("time", record.time().toString());
        f.put("request_id", record.requestId());
        f.put("caller", o.caller());
        f.put("team", o.team());
        f.put("scheme", o.scheme());
        f.put("endpoint", record.endpoint());
        f.put("operation", record.operation());
        f.put("model", o.requestedModel());
        f.put("intent", o.intent());
        f.put("tier", o.tier());
        f.put("pool", o.pool());
        f.put("attempts", o.attempts());
        f.put("provider", o.provider());
        f.put("served_model", o.servedModel());
        f.put("status", o.status());
        f.put("error_code", o.errorCode());
        f.put("input_tokens", record.inputTokens());
        f.put("output_tokens", record.outputTokens());
        f.put("usage_estimated", record.estimated());
        f.put("cost_usd", record.costUsd());
        f.put("latency_ms", o.latencyNanos() / 1e6);
        f.put("time_to_first_token_ms", record.firstChunkNanos() < 0 ? null : record.firstChunkNanos() / 1e6);
        f.put("cache", record.cacheStatus());
        Map<String, Object> guards = record.guards();
        if (!guards.isEmpty()) {
            f.put("guards", guards);
        }
        if (record.prompt() != null || record.answer() != null) {
            f.put("prompt", record.prompt());
            f.put("answer", record.answer());
        }
        return f;
    }

    /** Records dropped so far. */
    public long dropped() {
        return dropped.count();
    }

    private BlockingQueue<Exchange> queue() {
        BlockingQueue<Exchange> to = queue;
        if (to == null) {
            synchronized (this) {
                if (queue == null) {
                    queue = context.getEndpoint(QUEUE, SedaEndpoint.class).getQueue();
                }
                to = queue;
            }
        }
        return to;
    }

    /** For tests: the queue the route reads, to see it bounded. */
    BlockingQueue<?> pending() {
        return queue();
    }
}
