package io.camelgateway.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.api.Json;
import io.camelgateway.metering.Drops;
import io.camelgateway.metering.RequestEndListener;
import io.camelgateway.metering.RequestRecord;

/**
 * Keeps each request's record until the audit-log route (routes/audit.camel.yaml) takes every record waiting, every
 * gateway.audit.flush-ms, as JSON lines ({@link #drain}) and writes them to gateway.audit.uri in one message. No
 * thread is woken per request: a record waits in a bounded queue, and when the queue is full (the endpoint is slower
 * than the traffic) it is dropped, counted (gateway_audit_dropped_total) and logged, at most once a minute. When the
 * gateway stops, what waits is written through {@link #WRITE}. A record holds names, never a key or a token.
 */
public final class AuditLog implements RequestEndListener {
    /** The audit-log route that writes a batch of lines to gateway.audit.uri. */
    public static final String WRITE = "direct:gateway-audit-write";
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final BlockingQueue<RequestRecord> pending;
    private final Drops dropped;

    /** @param queueSize records that may wait for the route, at most (gateway.audit.queue-size) */
    public AuditLog(int queueSize, MeterRegistry meters) {
        this.pending = new ArrayBlockingQueue<>(queueSize);
        this.dropped = new Drops(meters, "gateway.audit.dropped", LOG,
                "the audit log's queue is full: gateway.audit.uri is not keeping up");
    }

    @Override
    public void ended(RequestRecord record) {
        if (!pending.offer(record)) {
            dropped.add(1);
        }
    }

    /** The audit-log route's step: every record waiting, oldest first, as JSON lines; null when none waits. */
    public String drain() {
        List<RequestRecord> batch = new ArrayList<>();
        pending.drainTo(batch);
        if (batch.isEmpty()) {
            return null;
        }
        StringBuilder lines = new StringBuilder(batch.size() * 512);
        for (RequestRecord record : batch) {
            lines.append(line(record));
        }
        return lines.toString();
    }

    /** When the gateway stops: what still waits, through the route that writes it, so that a stop loses nothing. */
    public void flush(ProducerTemplate template) {
        String lines = drain();
        if (lines != null) {
            try {
                template.sendBody(WRITE, lines);
            } catch (RuntimeException e) {
                LOG.warn("Audit log: cannot write the last records at stop: {}", e.getMessage());
            }
        }
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
        f.put("cache_saved_usd", record.cacheSavedUsd());
        Map<String, Object> guardrails = record.guardrails();
        if (!guardrails.isEmpty()) {
            f.put("guardrails", guardrails);
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

    /** For tests: the records waiting, to see the queue bounded. */
    int waiting() {
        return pending.size();
    }
}
