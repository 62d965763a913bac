package io.camelgateway.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With gateway.audit.include-text, the audit record keeps the prompt and the answer, redacted. */
@GatewayProperties("gateway.audit.include-text=true")
class AuditTextTest extends GatewayTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = Long.toHexString(System.nanoTime());
    private static final String SECRET_KEY = "sk-live-0123456789abcdefABCDEF";
    private static final String EMAIL = "jane.doe@example.com";

    @Test
    void promptAndAnswerAreKeptRedacted() throws Exception {
        for (boolean stream : new boolean[] {false, true}) {
            String id = "text-" + stream + "-" + RUN;
            HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl()
                            + "/v1/chat/completions")).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TestGateway.CALLER_KEY).header("x-request-id", id)
                    .POST(HttpRequest.BodyPublishers.ofString(Http.chat("gpt-4o-mini",
                            "my key is " + SECRET_KEY + ", write to " + EMAIL, stream))).build());
            assertEquals(200, r.statusCode(), r.body());

            String line = AuditLogTest.awaitLine(id);
            JsonNode record = JSON.readTree(line);
            assertEquals("user: my key is [secret], write to [email]", record.get("prompt").asText(), line);
            assertFalse(record.get("answer").asText().isEmpty(), line);
            assertFalse(line.contains(SECRET_KEY) || line.contains(EMAIL), line);
            assertTrue(record.get("output_tokens").asInt() > 0);
        }
    }
}
