package io.camelgateway.audit;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

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

    private static RequestRecord record(String id) {
        RequestRecord record = new RequestRecord(id, "chat", "/v1/chat/completions");
        record.end(new RequestRecord.Outcome("alice", "research", "key", "gpt-4o-mini", null, null, null, 1,
                "openai", "openai/gpt-4o-mini", 200, null, 1_000_000));
        return record;
    }
}
