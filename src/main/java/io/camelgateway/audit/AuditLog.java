package io.camelgateway.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import com.fasterxml.jackson.core.JsonGenerator;
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
        // UTF-8 bytes, then one String: a Writer's StringBuffer checked every character it appended.
        ByteArrayOutputStream lines = new ByteArrayOutputStream(batch.size() * 512);
        try (JsonGenerator json = Json.MAPPER.createGenerator(lines)) {
            json.setRootValueSeparator(null);
            for (RequestRecord record : batch) {
                write(record, json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return lines.toString(StandardCharsets.UTF_8);
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

    /**
     * The record's fields, in the order the audit line has them, and its line's end: written field by field, not
     * through a map, as this runs for every request (it was 5 % of the gateway's CPU samples through a map).
     */
    private static void write(RequestRecord record, JsonGenerator json) throws IOException {
        RequestRecord.Outcome o = record.outcome();
        json.writeStartObject();
        json.writeStringField("time", record.time().toString());
        json.writeStringField("request_id", record.requestId());
        json.writeStringField("caller", o.caller());
        json.writeStringField("team", o.team());
        json.writeStringField("scheme", o.scheme());
        json.writeStringField("endpoint", record.endpoint());
        json.writeStringField("operation", record.operation());
        json.writeStringField("model", o.requestedModel());
        json.writeStringField("intent", o.intent());
        json.writeStringField("tier", o.tier());
        json.writeStringField("pool", o.pool());
        json.writeNumberField("attempts", o.attempts());
        json.writeStringField("provider", o.provider());
        json.writeStringField("served_model", o.servedModel());
        json.writeNumberField("status", o.status());
        json.writeStringField("error_code", o.errorCode());
        json.writeNumberField("input_tokens", record.inputTokens());
        json.writeNumberField("output_tokens", record.outputTokens());
        json.writeBooleanField("usage_estimated", record.estimated());
        json.writeNumberField("cost_usd", record.costUsd());
        json.writeNumberField("latency_ms", o.latencyNanos() / 1e6);
        json.writeFieldName("time_to_first_token_ms");
        if (record.firstChunkNanos() < 0) {
            json.writeNull();
        } else {
            json.writeNumber(record.firstChunkNanos() / 1e6);
        }
        json.writeStringField("cache", record.cacheStatus());
        json.writeNumberField("cache_saved_usd", record.cacheSavedUsd());
        Map<String, Object> guardrails = record.guardrails();
        if (!guardrails.isEmpty()) {
            json.writeFieldName("guardrails");
            Json.MAPPER.writeValue(json, guardrails);
        }
        if (record.prompt() != null || record.answer() != null) {
            json.writeStringField("prompt", record.prompt());
            json.writeStringField("answer", record.answer());
        }
        json.writeEndObject();
        json.writeRaw('\n');
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
