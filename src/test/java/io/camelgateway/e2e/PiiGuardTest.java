package io.camelgateway.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.simulator.Fault;
import io.camelgateway.simulator.ProviderSimulator;
import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PII guardrail in the default routes, through the real gateway and the provider simulator (which records what
 * it received): each team's mode (redact, block, route), values back in plain and streamed answers, a placeholder
 * split over stream chunks, a value split over content parts, the audit record, the metrics and the dry run.
 */
class PiiGuardTest {
    static final String REDACT_KEY = "pii-redact-key";
    static final String BLOCK_KEY = "pii-block-key";
    static final String ROUTE_KEY = "pii-route-key";
    static final String EMAIL = "maria.gonzalez@example.com";
    static final String CARD = "4111 1111 1111 1111";

    static ProviderSimulator simulator;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        simulator = ProviderSimulator.start(0);
        Path dir = Files.createTempDirectory("gateway-pii-test");
        TestGateway.writeProviderKeys(dir);
        String config = TestGateway.config(simulator.baseUrl(), dir)
                .replace("keys:\n", """
                        keys:
                          - {name: redactor, key: %s, team: redactors}
                          - {name: blocker, key: %s, team: blockers}
                          - {name: router, key: %s, team: routers}
                        """.formatted(REDACT_KEY, BLOCK_KEY, ROUTE_KEY))
                .replace("""
                          private:
                            format: openai
                        """, """
                          private:
                            format: openai
                            private: true
                        """) + """
                guardrails:
                  pii:
                    mode: off
                    privateModel: private/llama3.2
                policy:
                  teams:
                    redactors: {guardrails: {pii: redact}, defaultCredentials: true}
                    blockers: {guardrails: {pii: block}, defaultCredentials: true}
                    routers: {guardrails: {pii: route}, defaultCredentials: true}
                    research: {defaultCredentials: true}
                    everyone: {defaultCredentials: true}
                  defaultTeam: everyone
                """;
        Files.writeString(dir.resolve("gateway.yaml"), config);
        gateway = TestGateway.start(simulator, Map.of("GATEWAY_CONFIG", dir.resolve("gateway.yaml").toString()),
                Map.of("gateway.max-body-bytes", String.valueOf(4 * 1024 * 1024)));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        simulator.close();
    }

    @BeforeEach
    void resetSimulator() {
        simulator.clearReceived();
        simulator.clearFaults();
    }

    private static HttpResponse<String> chat(String key, String body) {
        return Http.post(gateway, "/v1/chat/completions", body, key);
    }

    private static String providerSaw() {
        List<RecordedRequest> received = simulator.received();
        assertEquals(1, received.size());
        return received.get(0).body();
    }

    /** The content of a streamed answer, its chunks joined. */
    private static String streamedText(HttpResponse<String> response) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: {")) {
                for (JsonNode choice : Json.tree(line.substring(6)).path("choices")) {
                    text.append(choice.path("delta").path("content").asText(""));
                }
            }
        }
        return text.toString();
    }

    @Test
    void providerNeverSeesTheValuesAndTheCallerGetsThemBack() throws Exception {
        HttpResponse<String> answer = chat(REDACT_KEY, Http.chat("gpt-4o-mini",
                "Mail " + EMAIL + " about card " + CARD + ", and again " + EMAIL, false));

        assertEquals(200, answer.statusCode(), answer.body());
        String sent = providerSaw();
        assertFalse(sent.contains(EMAIL) || sent.contains(CARD), sent);
        assertTrue(sent.contains("Mail <EMAIL_1> about card <CARD_1>, and again <EMAIL_1>"), sent);
        String text = Json.tree(answer.body()).at("/choices/0/message/content").asText();
        assertTrue(text.endsWith("Mail " + EMAIL + " about card " + CARD + ", and again " + EMAIL), text);
        assertEquals("redacted card, email", answer.headers().firstValue("x-gateway-pii").orElseThrow());
    }

    @Test
    void streamedAnswerGetsTheValuesBack() throws Exception {
        HttpResponse<String> answer = chat(REDACT_KEY, Http.chat("gpt-4o-mini", "Write to " + EMAIL + " today",
                true));

        assertEquals(200, answer.statusCode(), answer.body());
        assertFalse(providerSaw().contains(EMAIL));
        assertTrue(streamedText(answer).endsWith("Write to " + EMAIL + " today"), answer.body());
    }

    @Test
    void placeholderSplitOverTwoStreamChunksIsRestored() throws Exception {
        simulator.enqueue(Fault.raw("""
                data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"I wrote to <EMA"},"finish_reason":null}]}

                data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"IL_1"},"finish_reason":null}]}

                data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"> and <3 you, <b>"},"finish_reason":null}]}

                data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

                data: [DONE]

                """));
        HttpResponse<String> answer = chat(REDACT_KEY, Http.chat("gpt-4o-mini", "Write to " + EMAIL, true));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("I wrote to " + EMAIL + " and <3 you, <b>", streamedText(answer));
    }

    @Test
    void valueSplitOverTwoContentPartsNeverReachesTheProvider() throws Exception {
        HttpResponse<String> answer = chat(REDACT_KEY, """
                {"model":"gpt-4o-mini","messages":[
                  {"role":"system","content":"The operator's line is +44 20 7946 0958."},
                  {"role":"user","content":[{"type":"text","text":"Mail maria.gonz"},
                    {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                    {"type":"text","text":"alez@example.com please"}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function",
                    "function":{"name":"lookup","arguments":"{\\"iban\\":\\"DE89370400440532013000\\"}"}}]},
                  {"role":"tool","tool_call_id":"t1","content":"Owner SSN 536-22-1478"}]}""");

        assertEquals(200, answer.statusCode(), answer.body());
        String sent = providerSaw();
        for (String value : List.of("maria.gonz", "alez@example.com", "7946 0958", "DE89370400440532013000",
                "536-22-1478")) {
            assertFalse(sent.contains(value), value + " reached the provider: " + sent);
        }
        assertTrue(sent.contains("Mail <EMAIL_1>") && sent.contains("<PHONE_1>") && sent.contains("<IBAN_1>")
                && sent.contains("<NATIONAL_ID_1>"), sent);
        assertTrue(sent.contains("iVBORw0KGgo="), "the image goes as it came: " + sent);
    }

    @Test
    void blockedRequestNamesTheKindsButNeverTheValues() {
        HttpResponse<String> refused = chat(BLOCK_KEY, Http.chat("gpt-4o-mini", "My card is " + CARD + " and "
                + "mail " + EMAIL, false));

        assertEquals(400, refused.statusCode(), refused.body());
        JsonNode error = Http.error(refused);
        assertEquals("pii_detected", error.get("code").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertTrue(error.get("message").asText().contains("card, email"), error.toString());
        assertFalse(refused.body().contains(EMAIL) || refused.body().contains(CARD), refused.body());
        assertEquals(List.of(), simulator.received());

        assertEquals(200, chat(BLOCK_KEY, Http.chat("gpt-4o-mini", "What is 2 + 2?", false)).statusCode());
    }

    @Test
    void routeModeSendsARequestWithPiiOnlyToThePrivateProvider() {
        HttpResponse<String> withPii = chat(ROUTE_KEY, Http.chat("gpt-4o-mini", "Is " + CARD + " mine?", false));
        assertEquals(200, withPii.statusCode(), withPii.body());
        assertEquals("private", withPii.headers().firstValue("x-gateway-provider").orElseThrow());
        assertTrue(providerSaw().contains(CARD), "a private model may see the value");

        simulator.clearReceived();
        HttpResponse<String> without = chat(ROUTE_KEY, Http.chat("gpt-4o-mini", "Is the sky blue?", false));
        assertEquals("openai", without.headers().firstValue("x-gateway-provider").orElseThrow());
    }

    @Test
    void auditRecordAndMetricsHaveKindsAndCountsNeverValues() throws Exception {
        String id = "pii-" + Long.toHexString(System.nanoTime());
        MetricsScrape before = MetricsScrape.of(gateway);
        HttpResponse<String> answer = Http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl()
                        + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + REDACT_KEY)
                .header("x-request-id", id)
                .POST(HttpRequest.BodyPublishers.ofString(Http.chat("gpt-4o-mini", EMAIL + " and " + EMAIL
                        + " and ann@example.org", false)))
                .build());
        assertEquals(200, answer.statusCode(), answer.body());

        String line = AuditLogTest.awaitLine(gateway, id);
        JsonNode pii = Json.tree(line).path("guardrails").path("pii");
        assertEquals("redact", pii.path("mode").asText(), line);
        assertEquals(3, pii.path("found").path("email").asInt(), line);
        assertFalse(line.contains(EMAIL) || line.contains("ann@example.org"), line);

        MetricsScrape after = MetricsScrape.of(gateway);
        assertEquals(3, after.sum("gateway_guardrail_findings_total", "guardrail=pii", "kind=email")
                - before.sum("gateway_guardrail_findings_total", "guardrail=pii", "kind=email"));
        assertEquals(1, after.sum("gateway_guardrail_checks_total", "guardrail=pii", "action=redact", "team=redactors")
                - before.sum("gateway_guardrail_checks_total", "guardrail=pii", "action=redact", "team=redactors"));
    }

    @Test
    void dryRunSaysWhatTheGuardWouldDo() throws Exception {
        HttpResponse<String> r = Http.post(gateway, "/v1/routing/dry-run",
                Http.chat("auto", "Please charge " + CARD, false), BLOCK_KEY);

        assertEquals(200, r.statusCode(), r.body());
        JsonNode pii = Json.tree(r.body()).path("guardrails").path("pii");
        assertEquals("block", pii.path("mode").asText(), r.body());
        assertEquals("block", pii.path("action").asText(), r.body());
        assertEquals(1, pii.path("found").path("card").asInt(), r.body());
        assertTrue(simulator.received().isEmpty());
    }

    @Test
    void hugePromptIsRedactedInBoundedTime() throws Exception {
        String filler = "lorem ipsum 1234 dolor sit amet, 10.0.0 v2 ".repeat(60_000); // about 2.6 MB
        long start = System.nanoTime();
        HttpResponse<String> answer = chat(REDACT_KEY, Http.chat("gpt-4o-mini", filler + EMAIL, false));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(200, answer.statusCode(), answer.body());
        assertFalse(providerSaw().contains(EMAIL));
        // Generous: the build machine is shared; the scanner alone takes well under a second on this (PiiScannerTest).
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "took " + took);
    }

    @Test
    void invalidUtf8GetsAClearAnswerAndTheGatewayKeepsServing() throws Exception {
        byte[] body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"caf\u0000\"}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        body[body.length - 6] = (byte) 0xC3; // a lead byte without its continuation
        HttpResponse<String> bad = Http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl()
                        + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + REDACT_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertEquals(400, bad.statusCode(), bad.body());
        Http.error(bad);

        HttpResponse<String> lone = chat(REDACT_KEY, Http.chat("gpt-4o-mini", "\\ud800 " + EMAIL, false));
        assertEquals(200, lone.statusCode(), lone.body());
        assertFalse(providerSaw().contains(EMAIL));
    }
}
