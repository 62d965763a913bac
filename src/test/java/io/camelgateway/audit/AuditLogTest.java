package io.camelgateway.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.metering.RequestRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log never makes a request wait, and never holds more than its queue: a slow endpoint costs records. */
class AuditLogTest {

    @Test
    void aFullQueueDropsAndCountsRecordsInsteadOfMakingRequestsWait() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditLog audit = new AuditLog(3, meters); // the route has not taken its turn: its endpoint is slow

        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            audit.ended(record("req-" + i));
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis < 1000, "20 records handed over in " + tookMillis + " ms");
        assertEquals(3, audit.waiting(), "the queue holds at most its size");
        assertEquals(17, audit.dropped());
        assertEquals(17.0, meters.get("gateway.audit.dropped").counter().count());

        String lines = audit.drain();
        assertEquals(3, lines.lines().count(), lines);
        assertTrue(lines.startsWith("{\"time\":") && lines.endsWith("}\n"), lines);
        assertTrue(lines.lines().allMatch(l -> l.contains("\"request_id\":\"req-")), lines);
        assertNull(audit.drain(), "nothing waits once the route took it");
    }

    @Test
    void eachLineHoldsTheRecordsFieldsInTheirOrderAsAMapOfThemWouldBeWritten() {
        AuditLog audit = new AuditLog(10, new SimpleMeterRegistry());
        RequestRecord plain = record("req-plain");
        RequestRecord full = new RequestRecord("req-full", "chat", "/v1/chat/completions");
        full.text("Mail <EMAIL_1> \"now\"", "Done\nü");
        full.guardrail("pii", Map.of("mode", "redact", "found", 2));
        full.cache("hit", 0.000125);
        full.end(new RequestRecord.Outcome(null, null, null, "auto", "code", "2", "reliable", 0, null, null, 429,
                "rate_limit_exceeded", 1_234_567));
        audit.ended(plain);
        audit.ended(full);

        assertEquals(asMap(plain) + asMap(full), audit.drain());
    }

    /** The line as the audit log first wrote it: a map of the fields, in order, through the ObjectMapper. */
    private static String asMap(RequestRecord record) {
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
        if (!record.guardrails().isEmpty()) {
            f.put("guardrails", record.guardrails());
        }
        if (record.prompt() != null || record.answer() != null) {
            f.put("prompt", record.prompt());
            f.put("answer", record.answer());
        }
        return Json.writeString(f) + "\n";
    }

    private static RequestRecord record(String id) {
        RequestRecord record = new RequestRecord(id, "chat", "/v1/chat/completions");
        record.end(new RequestRecord.Outcome("alice", "research", "key", "gpt-4o-mini", null, null, null, 1,
                "openai", "openai/gpt-4o-mini", 200, null, 1_000_000));
        return record;
    }
}
