package io.camelgateway.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The audit log writes the records waiting at its route's turns (routes/audit.camel.yaml, every
 * gateway.audit.flush-ms); those still waiting when the gateway stops are written then, so a stop loses no record.
 */
@GatewayProperties("gateway.audit.flush-ms=600000")
class AuditBatchTest extends GatewayTestSupport {
    private static final String RUN = Long.toHexString(System.nanoTime());

    @Test
    void recordsWaitingForTheRoutesTurnAreWrittenWhenTheGatewayStops() throws Exception {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl()
                            + "/v1/chat/completions")).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TestGateway.CALLER_KEY).header("x-request-id", id(i))
                    .POST(HttpRequest.BodyPublishers.ofString(Http.chat("gpt-4o-mini", "batch " + i, false)))
                    .build());
            assertEquals(200, r.statusCode(), r.body());
        }
        Thread.sleep(500);
        for (int i = 1; i <= 3; i++) {
            assertEquals(0, linesOf(id(i)), "record " + i + " waits for the route's next turn, ten minutes away");
        }

        gateway.close();
        for (int i = 1; i <= 3; i++) {
            assertEquals(1, linesOf(id(i)), "record " + i + " is written once, when the gateway stopped");
        }
    }

    private static String id(int i) {
        return "batch-" + i + "-" + RUN;
    }

    private static long linesOf(String requestId) throws Exception {
        Path data = Path.of(System.getProperty("gateway.data-dir", gateway.dir().resolve("data").toString()));
        Path file = data.resolve("audit").resolve("audit-" + LocalDate.now(ZoneId.systemDefault()) + ".jsonl");
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        return lines.stream().filter(l -> l.contains("\"request_id\":\"" + requestId + "\"")).count();
    }
}
