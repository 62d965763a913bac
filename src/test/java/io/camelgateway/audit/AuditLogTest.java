package io.camelgateway.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.camelgateway.metering.RequestRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log never makes a request wait, and never holds more than its queue: a slow endpoint costs records. */
class AuditLogTest {

    @Test
    void aStalledEndpointDropsAndCountsRecordsInsteadOfMakingRequestsWait() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            AuditLog audit = new AuditLog(context, meters);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(AuditLog.QUEUE + "?size=3").bean(audit, "json").process(e -> {
                        stalled.await(10, TimeUnit.SECONDS); // an endpoint that does not answer
                        written.add(e.getMessage().getBody(String.class));
                    });
                }
            });
            context.start();

            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                audit.ended(record("req-" + i));
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis < 1000, "20 records handed over in " + tookMillis + " ms");
            assertTrue(audit.pending().size() <= 3, "the queue holds at most its size");
            long dropped = audit.dropped();
            assertTrue(dropped >= 16 && dropped <= 17, "dropped " + dropped); // 3 wait, 1 may be in the endpoint
            assertEquals(dropped, (long) meters.get("gateway.audit.dropped").counter().count());

            stalled.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (written.size() < 20 - dropped && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(20 - dropped, written.size());
            assertTrue(written.get(0).startsWith("{\"time\":") && written.get(0).endsWith("}\n"), written.get(0));
        }
    }

    private static RequestRecord record(String id) {
        RequestRecord record = new RequestRecord(id, "chat", "/v1/chat/completions");
        record.end(new RequestRecord.Outcome("alice", "research", "key", "gpt-4o-mini", null, null, null, 1,
                "openai", "openai/gpt-4o-mini", 200, null, 1_000_000));
        return record;
    }
}
