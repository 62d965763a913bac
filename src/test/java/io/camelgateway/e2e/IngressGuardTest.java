package io.camelgateway.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the gateway does with a client before a route runs: a request without a valid key is refused on its head,
 * before its body is read; idle, slow or half-sent requests are timed out; what it refuses is in OpenAI's shape,
 * on a connection it then closes.
 */
@GatewayProperties({"gateway.ingress.idle-timeout-ms=800", "gateway.ingress.head-timeout-ms=600",
        "gateway.ingress.body-timeout-ms=600"})
class IngressGuardTest extends GatewayTestSupport {
    private static final Duration AT_ONCE = Duration.ofMillis(1500);
    private static final String CHUNKED_UPLOAD_HEAD = "POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n";

    @ParameterizedTest
    @ValueSource(strings = {"", "Authorization: Bearer not-a-key\r\n", "x-api-key: not-a-key\r\n"})
    void unfinishedUploadWithoutAValidKeyIs401AtOnceAndClosed(String keyHeader) {
        try (RawConnection client = new RawConnection(gateway)) {
            client.send(CHUNKED_UPLOAD_HEAD + keyHeader + "\r\n" + chunk(4096));
            RawConnection.Response answer = client.read(AT_ONCE);
            assertEquals(401, answer.status(), answer.body());
            assertEquals("invalid_api_key", answer.error().get("code").asText());
            assertEquals("close", answer.header("Connection"));
            assertTrue(client.closedWithin(AT_ONCE), "the connection ends although the body never did");
        }
        assertTrue(simulator.received().isEmpty());
    }

    /** Every POST endpoint the shipped route files serve, so a route file that forgets the guard is caught. */
    @ParameterizedTest
    @ValueSource(strings = {"/v1/chat/completions", "/v1/embeddings", "/v1/routing/dry-run", "/v1/routing/feedback"})
    void everyEndpointRefusesAnUnfinishedUploadWithoutAKeyOnItsHead(String path) {
        try (RawConnection client = new RawConnection(gateway)) {
            client.send(CHUNKED_UPLOAD_HEAD.replace("/v1/chat/completions", path) + "\r\n" + chunk(4096));
            RawConnection.Response answer = client.read(AT_ONCE);
            assertEquals(401, answer.status(), answer.body());
            assertTrue(client.closedWithin(AT_ONCE), "the connection ends although the body never did");
        }
    }

    @Test
    void manyHalfSentUnauthenticatedUploadsDoNotStopAnAuthenticatedRequest() {
        List<RawConnection> attackers = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                attackers.add(new RawConnection(gateway).send(CHUNKED_UPLOAD_HEAD + "\r\n" + chunk(16_000)));
            }
            HttpResponse<String> served = post("/v1/chat/completions",
                    Http.chat("openai/gpt-4o-mini", "still there?", false), TestGateway.CALLER_KEY);
            assertEquals(200, served.statusCode(), served.body());
            assertEquals(200, get("/health/live", null).statusCode());
            for (RawConnection attacker : attackers) {
                assertEquals(401, attacker.read(Duration.ofSeconds(5)).status());
            }
        } finally {
            attackers.forEach(RawConnection::close);
        }
    }

    @Test
    void chunkedUploadPastTheLimitIs413BeforeItEnds() {
        try (RawConnection client = new RawConnection(gateway)) {
            client.send(CHUNKED_UPLOAD_HEAD + "Authorization: Bearer " + TestGateway.CALLER_KEY + "\r\n\r\n");
            for (int i = 0; i < 5; i++) {
                client.send(chunk(16_000)); // 80,000 bytes against this gateway's 65,536
            }
            RawConnection.Response answer = client.read(AT_ONCE);
            assertEquals(413, answer.status(), answer.body());
            assertEquals("request_too_large", answer.error().get("code").asText());
            assertTrue(client.closedWithin(AT_ONCE));
        }
        assertTrue(simulator.received().isEmpty());
    }

    @Test
    void keyInTheQueryStringIsNotAccepted() {
        for (String query : new String[]{"?api-key=", "?x-api-key=", "?Authorization=Bearer%20"}) {
            HttpResponse<String> r = post("/v1/chat/completions" + query + TestGateway.CALLER_KEY,
                    Http.chat("openai/gpt-4o-mini", "hi", false), null);
            assertEquals(401, r.statusCode(), query + ": " + r.body());
        }
        assertEquals(401, get("/v1/models?api-key=" + TestGateway.CALLER_KEY, null).statusCode());
        assertTrue(simulator.received().isEmpty());
    }

    @Test
    void healthChecksNeedNoKeyButTakeNoBody() {
        try (RawConnection client = new RawConnection(gateway)) {
            client.send("GET /health/live HTTP/1.1\r\nHost: gateway\r\n\r\n");
            assertEquals(200, client.read(AT_ONCE).status());
            client.send("GET /health/live HTTP/1.1\r\nHost: gateway\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk(100));
            RawConnection.Response answer = client.read(AT_ONCE);
            assertEquals(400, answer.status(), answer.body());
            assertTrue(answer.error().get("message").asText().contains("no request body"), answer.body());
        }
        assertEquals(401, post("/health/live", "{}", null).statusCode(), "only GET and HEAD are free");
    }

    @Test
    void idleConnectionIsClosedAfterTheIdleTimeout() {
        try (RawConnection client = new RawConnection(gateway)) {
            long start = System.nanoTime();
            assertTrue(client.closedWithin(Duration.ofSeconds(4)), "a connection that never asks is closed");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 700, "not before the idle timeout: " + millis);
        }
        try (RawConnection client = new RawConnection(gateway)) {
            client.send("GET /health/live HTTP/1.1\r\nHost: gateway\r\n\r\n");
            assertEquals(200, client.read(AT_ONCE).status());
            assertTrue(client.closedWithin(Duration.ofSeconds(4)), "a kept-alive connection that asks no more");
        }
    }

    @Test
    void headThatNeverEndsIs408() {
        try (RawConnection client = new RawConnection(gateway)) {
            client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nX-Slow: ");
            RawConnection.Response answer = client.read(Duration.ofSeconds(4));
            assertEquals(408, answer.status(), answer.body());
            assertEquals("request_timeout", answer.error().get("code").asText());
            assertTrue(answer.error().get("message").asText().contains("head"), answer.body());
            assertTrue(client.closedWithin(AT_ONCE));
        }
    }

    @Test
    void bodyThatNeverEndsIs408() {
        try (RawConnection client = new RawConnection(gateway)) {
            client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer "
                    + TestGateway.CALLER_KEY + "\r\nContent-Length: 100\r\n\r\n{\"model\":");
            RawConnection.Response answer = client.read(Duration.ofSeconds(4));
            assertEquals(408, answer.status(), answer.body());
            assertTrue(answer.error().get("message").asText().contains("body"), answer.body());
            assertTrue(client.closedWithin(AT_ONCE));
        }
        assertTrue(simulator.received().isEmpty());
    }

    @Test
    void answersSlowerThanTheIdleTimeoutAreNotCut() {
        for (boolean stream : new boolean[]{false, true}) {
            simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(1500)));
            HttpResponse<String> r = post("/v1/chat/completions",
                    Http.chat("anthropic/claude-sonnet-4-5", "take your time", stream), TestGateway.CALLER_KEY);
            assertEquals(200, r.statusCode(), r.body());
        }
        simulator.enqueue(Fault.slowChunks(Duration.ofMillis(400)));
        HttpResponse<String> slowStream = post("/v1/chat/completions",
                Http.chat("openai/gpt-4o-mini", "hi", true), TestGateway.CALLER_KEY);
        assertTrue(slowStream.body().contains("[DONE]"), slowStream.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /v1/models HTTP/1.1\r\nHost: gateway\r\nX-Big: %BIG%\r\n\r\n|431|headers_too_large",
            "GET /v1/models HTTP/1.1\r\nHost: gateway\r\nX-Nul: a\0b\r\n\r\n|400|invalid_request",
            "GET /v1/models HTTP/1.1\r\nHost: gateway\r\nX-Nul\0: ab\r\n\r\n|400|invalid_request",
            "POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Length: -1\r\n\r\n|400|invalid_request",
            "POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
                    + "abcdef|400|invalid_request",
            "POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\n%KEY%Transfer-Encoding: chunked\r\n\r\nzz\r\n"
                    + "|400|invalid_request",
            "GET /v1/models/%zz HTTP/1.1\r\nHost: gateway\r\n%KEY%\r\n|400|invalid_request",
            "GET /v1/models?q=%e HTTP/1.1\r\nHost: gateway\r\n\r\n|400|invalid_request",
            "GET /%LONG% HTTP/1.1\r\nHost: gateway\r\n\r\n|414|url_too_long"})
    void malformedRequestIsRefusedInOpenAisShapeThenClosed(String spec) {
        String[] parts = spec.split("\\|");
        String request = parts[0].replace("%BIG%", "b".repeat(9000)).replace("%LONG%", "l".repeat(5000))
                .replace("%KEY%", "Authorization: Bearer " + TestGateway.CALLER_KEY + "\r\n");
        try (RawConnection client = new RawConnection(gateway)) {
            RawConnection.Response answer = client.send(request).read(AT_ONCE);
            assertEquals(Integer.parseInt(parts[1]), answer.status(), answer.body());
            assertEquals(parts[2], answer.error().get("code").asText(), answer.body());
            assertFalse(answer.error().get("message").asText().isBlank());
            assertEquals("close", answer.header("Connection"));
            assertTrue(client.closedWithin(AT_ONCE));
        }
        assertTrue(simulator.received().isEmpty());
    }

    /** This class's idle timeout is short: each call gets its own connection (see Http.sendOnANewConnection). */
    private static HttpResponse<String> post(String path, String body, String key) {
        return Http.sendOnANewConnection(Http.postRequest(gateway, path, body, key));
    }

    private static HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return Http.sendOnANewConnection(request.build());
    }

    private static String chunk(int size) {
        return Integer.toHexString(size) + "\r\n" + "x".repeat(size) + "\r\n";
    }
}
