package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.camelgateway.security.CallerAuthenticator;
import io.camelgateway.security.CallerIdentity;
import io.camelgateway.security.TestRequestHead;
import io.camelgateway.security.plugin.HmacSha256Signature;

/**
 * Authentication plug-ins through the real gateway over HTTP: routes in routes/ named direct:auth-name (the shipped
 * legacy HMAC example, and test routes that accept a ticket, take too long, throw, or are missing), and a Java
 * plug-in found with ServiceLoader that reads its own block of gateway.yaml (example.ForwardedUserScheme).
 */
@GatewayProperties("legacy-hmac.secret=" + AuthPluginsTest.HMAC_SECRET)
@GatewayFiles(yaml = """
        auth:
          routes:
            - {name: legacy-hmac, header: X-Legacy-Signature}
            - {name: ticket, header: X-Ticket}
            - {name: slow-ticket, header: X-Slow-Ticket, timeout: 300ms}
            - {name: broken-ticket, header: X-Broken-Ticket}
            - {name: missing, header: X-Missing-Ticket}
          plugins:
            forwarded-user:
              userHeader: X-Forwarded-User
              secretHeader: X-Proxy-Secret
              secret: proxy-shared-secret-for-tests
              team: web
        """, routes = {"docs/examples/auth-legacy-hmac.camel.yaml",
        "src/test/resources/auth-routes/auth-test-plugins.camel.yaml"})
class AuthPluginsTest extends GatewayTestSupport {
    static final String HMAC_SECRET = "legacy-shared-secret-0123456789abcdef";
    private static final String CHAT = "/v1/chat/completions";
    private static final HmacSha256Signature SIGNER = new HmacSha256Signature(HMAC_SECRET);

    private static HttpResponse<String> chat(Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + CHAT))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.chat("gpt-4o-mini", "hello", false)));
        headers.forEach(request::header);
        return Http.send(request.build());
    }

    private static Map<String, String> legacySigned(String path, long timestamp) {
        return Map.of("X-Legacy-Timestamp", String.valueOf(timestamp),
                "X-Legacy-Signature", SIGNER.sign("POST\n" + path + "\n" + timestamp));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static CallerIdentity caller(Map<String, String> headers) throws Exception {
        return gateway.bean("callerAuthenticator", CallerAuthenticator.class).schemes()
                .authenticate(TestRequestHead.withHeaders(headers)).get(5, TimeUnit.SECONDS);
    }

    private static void assertRefused(HttpResponse<String> answer) {
        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals("invalid_api_key", Http.error(answer).get("code").asText());
    }

    private static void assertUnavailable(HttpResponse<String> answer) {
        assertEquals(503, answer.statusCode(), answer.body());
        assertEquals("authentication_unavailable", Http.error(answer).get("code").asText());
    }

    @Test
    void legacySignedRequestIsServed() throws Exception {
        HttpResponse<String> answer = chat(legacySigned(CHAT, now()));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(1, simulator.received().size());
        CallerIdentity caller = caller(legacySigned(CHAT, now()));
        assertEquals("legacy-billing", caller.name());
        assertEquals("legacy-hmac", caller.scheme());
        assertEquals("billing", caller.team());
    }

    @Test
    void legacyRequestSignedWithAnotherSecretIsRefused() {
        long timestamp = now();
        String forged = new HmacSha256Signature("not-the-shared-secret-0123456789abcdef")
                .sign("POST\n" + CHAT + "\n" + timestamp);

        assertRefused(chat(Map.of("X-Legacy-Timestamp", String.valueOf(timestamp), "X-Legacy-Signature", forged)));
        assertTrue(simulator.received().isEmpty());
    }

    @Test
    void legacyRequestWithAStaleOrMissingTimestampIsRefused() {
        assertRefused(chat(legacySigned(CHAT, now() - 600)));
        assertRefused(chat(legacySigned(CHAT, now() + 600)));
        assertRefused(chat(Map.of("X-Legacy-Signature", SIGNER.sign("POST\n" + CHAT + "\n"))));
    }

    @Test
    void legacySignatureForAnotherEndpointIsRefused() {
        assertRefused(chat(legacySigned("/v1/embeddings", now())));
    }

    @Test
    void routeNamesCallerTeamAndRoles() throws Exception {
        assertEquals(200, chat(Map.of("X-Ticket", "ticket-ok")).statusCode());
        assertEquals(new CallerIdentity("ticket-holder", "ticket", "ops", Set.of("admin", "reader"), Map.of()),
                caller(Map.of("X-Ticket", "ticket-ok")));
    }

    @Test
    void routeThatThrowsRefusesAndLogsNoCredential() {
        try (LogCapture logs = new LogCapture()) {
            assertRefused(chat(Map.of("X-Broken-Ticket", "ticket-secret-4711")));

            assertTrue(logs.lines().stream().noneMatch(line -> line.contains("ticket-secret-4711")),
                    String.join("\n", logs.lines()));
        }
    }

    @Test
    void routeTooSlowIs503WithinItsTimeout() {
        long start = System.nanoTime();

        assertUnavailable(chat(Map.of("X-Slow-Ticket", "ticket-ok")));

        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis < 2000, "answered after " + tookMillis + " ms");
        assertTrue(simulator.received().isEmpty());
    }

    @Test
    void missingRouteIs503AndSaysWhichRouteIsMissing() {
        try (LogCapture logs = new LogCapture()) {
            long start = System.nanoTime();

            assertUnavailable(chat(Map.of("X-Missing-Ticket", "anything")));

            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
            assertTrue(logs.lines().stream()
                            .anyMatch(line -> line.contains("no route starts from direct:auth-missing")),
                    String.join("\n", logs.lines()));
        }
    }

    @Test
    void requestWithoutAPluginHeaderNeverReachesThePlugins() {
        assertRefused(chat(Map.of("Authorization", "Bearer not-a-key")));
        assertEquals(200, chat(Map.of("Authorization", "Bearer " + TestGateway.CALLER_KEY)).statusCode());
    }

    @Test
    void javaPluginReadsItsOwnBlockOfGatewayYaml() throws Exception {
        Map<String, String> fromProxy = Map.of("X-Forwarded-User", "carol",
                "X-Proxy-Secret", "proxy-shared-secret-for-tests");

        assertEquals(200, chat(fromProxy).statusCode());
        assertEquals(new CallerIdentity("carol", "forwarded-user", "web", Set.of(), Map.of()), caller(fromProxy));
        assertRefused(chat(Map.of("X-Forwarded-User", "carol", "X-Proxy-Secret", "guessed")));
    }
}
