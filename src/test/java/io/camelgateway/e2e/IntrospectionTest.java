package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.FakeIntrospectionServer;
import io.camelgateway.simulator.Fault;
import io.camelgateway.simulator.ProviderSimulator;

/**
 * OAuth2 opaque tokens through the real gateway over HTTP, configured with docs/security.md's own example (its
 * endpoint pointed at a fake RFC 7662 server): served, refused, refused on the head once known, and a 503 within the
 * timeout when the endpoint is slow or failing; neither the token nor the client secret is ever logged.
 */
class IntrospectionTest {
    private static final String SECRET = "gateway-client-secret-9b1e";
    private static final String CHAT = "/v1/chat/completions";
    private static FakeIntrospectionServer idp;
    private static ProviderSimulator simulator;
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        idp = FakeIntrospectionServer.start("llm-gateway", SECRET);
        simulator = ProviderSimulator.start(0);
        gateway = TestGateway.start(simulator, Map.of("INTROSPECTION_SECRET", SECRET), Map.of(),
                documentedConfig().replace("https://idp.example.com/oauth2/introspect", idp.endpoint()), List.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        simulator.close();
        idp.close();
    }

    @BeforeEach
    void clear() {
        idp.clear();
        simulator.clearReceived();
    }

    /** The gateway.yaml example of docs/security.md's "OAuth2 token introspection" section. */
    private static String documentedConfig() throws IOException {
        Matcher example = Pattern.compile("## OAuth2 token introspection.*?```yaml\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("docs/security.md")));
        assertTrue(example.find(), "docs/security.md shows an introspection configuration");
        return example.group(1);
    }

    private static HttpResponse<String> chat(String token) {
        return Http.post(gateway, CHAT, Http.chat("gpt-4o-mini", "hello", false), token);
    }

    private static void assertUnavailable(HttpResponse<String> answer) {
        assertEquals(503, answer.statusCode(), answer.body());
        assertEquals("authentication_unavailable", Http.error(answer).get("code").asText());
        assertEquals("server_error", Http.error(answer).get("type").asText());
    }

    @Test
    void activeTokenIsServedAndGatewayKeysAreNeverSentToTheEndpoint() {
        idp.activate("opaque-alice-1", Map.of("sub", "alice", "scope", "chat",
                "exp", System.currentTimeMillis() / 1000 + 3600));

        assertEquals(200, chat("opaque-alice-1").statusCode());
        assertEquals(200, chat(TestGateway.CALLER_KEY).statusCode());

        assertEquals(1, idp.calls());
        assertEquals(2, simulator.received().size());
    }

    @Test
    void inactiveTokenIs401InOpenAiShape() {
        HttpResponse<String> answer = chat("opaque-never-issued");

        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals("invalid_api_key", Http.error(answer).get("code").asText());
        assertEquals("invalid_request_error", Http.error(answer).get("type").asText());
        assertTrue(simulator.received().isEmpty());
    }

    @Test
    void refusalDecidedByTheEndpointIsLoggedOnce() throws InterruptedException {
        try (LogCapture logs = new LogCapture()) {
            assertEquals(401, chat("opaque-logged-once").statusCode());
            Thread.sleep(300); // a second line, from the check on the request's head, could come after the answer

            assertEquals(1, logs.lines().stream().filter(line -> line.contains("introspection:inactive")).count(),
                    String.join("\n", logs.lines()));
        }
    }

    @Test
    void knownInactiveTokenIsRefusedOnTheHeadBeforeTheBody() {
        assertEquals(401, chat("opaque-flood").statusCode());

        try (RawConnection client = new RawConnection(gateway)) {
            client.send("POST " + CHAT + " HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nAuthorization: Bearer opaque-flood\r\n\r\n10\r\n"
                    + "x".repeat(16) + "\r\n");
            RawConnection.Response answer = client.read(Duration.ofMillis(1500));
            assertEquals(401, answer.status(), answer.body());
            assertTrue(client.closedWithin(Duration.ofMillis(1500)), "refused although the body never ended");
        }
        assertEquals(1, idp.calls(), "the inactive answer was kept");
    }

    @Test
    void slowEndpointIs503WithinTheTimeout() {
        idp.activate("opaque-slow", Map.of("sub", "alice"));
        idp.fail(Fault.slowHeaders(Duration.ofSeconds(6)));
        long start = System.nanoTime();

        assertUnavailable(chat("opaque-slow"));

        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis < 3500, "answered after " + tookMillis + " ms; the documented timeout is 2 s");
        assertTrue(simulator.received().isEmpty());
    }

    @Test
    void failingEndpointIs503NeverAPass() {
        idp.activate("opaque-bob", Map.of("sub", "bob"));
        idp.fail(Fault.error(503));
        idp.fail(Fault.raw("{\"active\":\"yes\",\"sub\":\"bob\"}"));

        assertUnavailable(chat("opaque-bob"));
        assertUnavailable(chat("opaque-bob"));
        assertEquals(200, chat("opaque-bob").statusCode(), "a failure is not kept");
    }

    @Test
    void neitherTokensNorTheClientSecretAreLogged() {
        idp.activate("opaque-logged-active", Map.of("sub", "carol"));
        idp.fail(Fault.raw("not json"));
        try (LogCapture logs = new LogCapture()) {
            chat("opaque-logged-broken");
            chat("opaque-logged-active");
            chat("opaque-logged-inactive");

            List<String> lines = logs.lines();
            assertTrue(lines.stream().anyMatch(line -> line.contains("introspection:inactive")), String.join("\n",
                    lines));
            for (String secret : List.of("opaque-logged", SECRET)) {
                assertTrue(lines.stream().noneMatch(line -> line.contains(secret)), String.join("\n", lines));
            }
        }
    }
}
