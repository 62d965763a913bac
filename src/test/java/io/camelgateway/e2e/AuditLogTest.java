package io.camelgateway.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The audit log's default endpoint, a daily JSON-lines file under the data folder: one record per request, written
 * when its answer has ended, with its usage and cost exactly as the provider reported them (or marked estimated),
 * and never a key. And the answers' own x-request-id and x-gateway-cost-usd.
 */
class AuditLogTest extends GatewayTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEAM_KEY = "gw-second-caller-key"; // second-caller, of team research
    private static final String RUN = Long.toHexString(System.nanoTime());

    @Test
    void plainAnswerIsAuditedWithItsUsageAndCostAndNoKey() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", Http.chat("gpt-4o-mini", "what does it cost", false),
                TEAM_KEY, id("plain-1"));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode usage = JSON.readTree(r.body()).get("usage");
        int in = usage.get("prompt_tokens").asInt();
        int out = usage.get("completion_tokens").asInt();
        double cost = (in * 0.15 + out * 0.60) / 1e6;
        assertEquals(id("plain-1"), r.headers().firstValue("x-request-id").orElse(null));
        assertEquals(cost, Double.parseDouble(r.headers().firstValue("x-gateway-cost-usd").orElseThrow()), 1e-8);
        assertTrue(r.headers().firstValue("x-gateway-usage").isEmpty(), "the provider counted the tokens");

        String line = awaitLine(id("plain-1"));
        JsonNode record = JSON.readTree(line);
        assertEquals("second-caller", record.get("caller").asText());
        assertEquals("research", record.get("team").asText());
        assertEquals("/v1/chat/completions", record.get("endpoint").asText());
        assertEquals("gpt-4o-mini", record.get("model").asText());
        assertEquals("openai", record.get("provider").asText());
        assertEquals("openai/gpt-4o-mini", record.get("served_model").asText());
        assertEquals(200, record.get("status").asInt());
        assertTrue(record.get("error_code").isNull());
        assertEquals(in, record.get("input_tokens").asInt());
        assertEquals(out, record.get("output_tokens").asInt());
        assertFalse(record.get("usage_estimated").asBoolean());
        assertEquals(cost, record.get("cost_usd").asDouble(), 1e-12);
        assertTrue(record.get("latency_ms").asDouble() > 0);
        assertTrue(record.get("time_to_first_token_ms").isNull(), "a plain answer has no first chunk");
        assertEquals("none", record.get("cache").asText());
        assertFalse(record.has("prompt"), "no text unless gateway.audit.include-text");
        assertNoSecret(line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4o-mini", "claude-sonnet", "gemini/gemini-2.5-flash"})
    void streamedUsageIsCountedExactlyAsTheProviderSentIt(String model) throws Exception {
        String prompt = "tell me a story about a lighthouse keeper";
        JsonNode usage = JSON.readTree(post("/v1/chat/completions", Http.chat(model, prompt, false), TEAM_KEY,
                null).body()).get("usage");
        String id = id("stream-" + model.replace('/', '-'));
        HttpResponse<String> stream = post("/v1/chat/completions", Http.chat(model, prompt, true), TEAM_KEY, id);
        assertEquals(200, stream.statusCode(), stream.body());
        assertEquals(id, stream.headers().firstValue("x-request-id").orElse(null));
        assertFalse(stream.body().contains("\"usage\""), "the caller did not ask for usage: " + stream.body());

        JsonNode record = JSON.readTree(awaitLine(id));
        assertEquals(usage.get("prompt_tokens").asInt(), record.get("input_tokens").asInt(), record.toString());
        assertEquals(usage.get("completion_tokens").asInt(), record.get("output_tokens").asInt(), record.toString());
        assertFalse(record.get("usage_estimated").asBoolean());
        assertTrue(record.get("cost_usd").asDouble() > 0);
        assertTrue(record.get("time_to_first_token_ms").asDouble() >= 0, record.toString());
        assertTrue(record.get("latency_ms").asDouble() >= record.get("time_to_first_token_ms").asDouble());
    }

    @Test
    void aPoolsFailoverIsAuditedWithItsAttemptsAndTheMemberThatServed() throws Exception {
        simulator.enqueue(Fault.error(503).onPath("/v1/chat/completions"));
        HttpResponse<String> r = post("/v1/chat/completions", Http.chat("reliable", "a question for the pool", false),
                TEAM_KEY, id("pool-1"));
        assertEquals(200, r.statusCode(), r.body());

        JsonNode record = JSON.readTree(awaitLine(id("pool-1")));
        assertEquals("reliable", record.get("pool").asText());
        assertEquals(2, record.get("attempts").asInt());
        assertEquals("anthropic/claude-sonnet-4-5", record.get("served_model").asText());
        assertEquals(200, record.get("status").asInt());
    }

    @Test
    void aRefusedRequestIsAuditedWithoutTheKeyItTried() throws Exception {
        String wrongKey = "gw-not-a-key-at-all-123";
        HttpResponse<String> r = post("/v1/chat/completions", Http.chat("gpt-4o-mini", "let me in", false),
                wrongKey, id("refused-1"));
        assertEquals(401, r.statusCode(), r.body());
        assertEquals(id("refused-1"), r.headers().firstValue("x-request-id").orElse(null));

        String line = awaitLine(id("refused-1"));
        JsonNode record = JSON.readTree(line);
        assertEquals(401, record.get("status").asInt());
        assertEquals(Http.error(r).get("code").asText(), record.get("error_code").asText());
        assertEquals("/v1/chat/completions", record.get("endpoint").asText());
        assertTrue(record.get("caller").isNull());
        assertFalse(line.contains(wrongKey), line);
        assertNoSecret(line);
    }

    @Test
    void aProviderErrorIsAuditedWithItsCode() throws Exception {
        simulator.enqueue(Fault.error(400));
        HttpResponse<String> r = post("/v1/chat/completions", Http.chat("gpt-4o-mini", "refuse this", false),
                TEAM_KEY, id("failed-1"));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(id("failed-1"), r.headers().firstValue("x-request-id").orElse(null));

        JsonNode record = JSON.readTree(awaitLine(id("failed-1")));
        assertEquals(400, record.get("status").asInt());
        assertEquals(Http.error(r).get("code").asText(), record.get("error_code").asText());
    }

    @Test
    void aStreamCutBeforeItsUsageIsCountedAsAnEstimate() throws Exception {
        simulator.enqueue(Fault.cutAfter(4));
        MetricsScrape before = MetricsScrape.of(gateway);
        HttpResponse<String> r = post("/v1/chat/completions",
                Http.chat("gpt-4o-mini", "one two three four five six seven eight", true), TEAM_KEY, id("cut-1"));
        assertEquals(200, r.statusCode(), r.body());

        JsonNode record = JSON.readTree(awaitLine(id("cut-1")));
        assertTrue(record.get("usage_estimated").asBoolean(), record.toString());
        assertTrue(record.get("input_tokens").asInt() > 8, record.toString());
        assertTrue(record.get("output_tokens").asInt() > 0, record.toString());
        assertFalse(record.get("error_code").isNull(), "the stream broke off: " + record);
        assertEquals("gpt-4o-mini", record.get("model").asText());
        assertEquals(1, record.get("attempts").asInt());
        assertTrue(record.get("time_to_first_token_ms").asDouble() > 0, record.toString());
        String[] openai = {"gen_ai_provider_name=openai"};
        assertEquals(1, MetricsScrape.of(gateway).sum("gateway_usage_estimated_total", openai)
                - before.sum("gateway_usage_estimated_total", openai));
    }

    @Test
    void aPlainAnswerWithoutUsageSaysItsUsageIsEstimated() throws Exception {
        simulator.enqueue(Fault.raw("{\"id\":\"chatcmpl-x\",\"object\":\"chat.completion\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Hello there, how are you today?\"},\"finish_reason\":\"stop\"}]}"));
        HttpResponse<String> r = post("/v1/chat/completions", Http.chat("gpt-4o-mini", "say hello", false),
                TEAM_KEY, id("estimated-1"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("estimated", r.headers().firstValue("x-gateway-usage").orElse(null));

        JsonNode record = JSON.readTree(awaitLine(id("estimated-1")));
        assertTrue(record.get("usage_estimated").asBoolean());
        assertEquals(8, record.get("output_tokens").asInt(), "o200k_base: Hello| there|,| how| are| you| today|?");
        assertEquals(String.format(Locale.ROOT, "%.8f", record.get("cost_usd").asDouble()),
                r.headers().firstValue("x-gateway-cost-usd").orElse(null));
    }

    @Test
    void embeddingsCarryTheirCostAndAreAudited() throws Exception {
        HttpResponse<String> r = post("/v1/embeddings",
                "{\"model\":\"openai/text-embedding-3-small\",\"input\":[\"one text\",\"another text\"]}",
                TEAM_KEY, id("embeddings-1"));
        assertEquals(200, r.statusCode(), r.body());
        int in = JSON.readTree(r.body()).get("usage").get("prompt_tokens").asInt();
        assertTrue(in > 0);
        assertEquals("0.00000000", r.headers().firstValue("x-gateway-cost-usd").orElse(null),
                "the test configuration has no price for the model: it costs nothing");

        JsonNode record = JSON.readTree(awaitLine(id("embeddings-1")));
        assertEquals("embeddings", record.get("operation").asText());
        assertEquals("/v1/embeddings", record.get("endpoint").asText());
        assertEquals(in, record.get("input_tokens").asInt());
        assertEquals(0, record.get("output_tokens").asInt());
    }

    @Test
    void aRequestIdIsGeneratedWhenTheCallerSentNoneOrOneNotFitToEcho() {
        HttpResponse<String> none = post("/v1/chat/completions", Http.chat("gpt-4o-mini", "hi", false), TEAM_KEY,
                null);
        String generated = none.headers().firstValue("x-request-id").orElse("");
        assertTrue(generated.matches("req_[0-9a-f]{32}"), generated);

        for (String junk : new String[] {"x".repeat(200), "has space", "semi;colon", "quote\"d"}) {
            HttpResponse<String> r = post("/v1/chat/completions", Http.chat("gpt-4o-mini", "hi", false), TEAM_KEY,
                    junk);
            String id = r.headers().firstValue("x-request-id").orElse("");
            assertNotEquals(junk, id);
            assertTrue(id.matches("req_[0-9a-f]{32}"), id);
        }
        HttpResponse<String> models = Http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/models"))
                .header("Authorization", "Bearer " + TEAM_KEY).header("x-request-id", id("models-1")).GET().build());
        assertEquals(id("models-1"), models.headers().firstValue("x-request-id").orElse(null), "on every answer");
    }

    /** An id no earlier run wrote to today's file (the test data folder outlives a run). */
    private static String id(String name) {
        return name + "-" + RUN;
    }

    private static HttpResponse<String> post(String path, String body, String key, String requestId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (requestId != null) {
            request.header("x-request-id", requestId);
        }
        return Http.send(request.build());
    }

    /** The audit line of this request, once the audit route has written it. */
    static String awaitLine(String requestId) throws IOException, InterruptedException {
        return awaitLine(gateway, requestId);
    }

    /** The audit line of this request to that gateway, once its audit route has written it. */
    static String awaitLine(TestGateway gateway, String requestId) throws IOException, InterruptedException {
        // The build sets gateway.data-dir for every test gateway (pom.xml); the gateway's own otherwise.
        Path data = Path.of(System.getProperty("gateway.data-dir", gateway.dir().resolve("data").toString()));
        Path file = data.resolve("audit")
                .resolve("audit-" + LocalDate.now(ZoneId.systemDefault()) + ".jsonl");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (line.contains("\"request_id\":\"" + requestId + "\"")) {
                        return line;
                    }
                }
            }
            Thread.sleep(20);
        }
        fail("No audit record for " + requestId + " in " + file);
        return null;
    }

    private static void assertNoSecret(String line) {
        assertFalse(line.contains(TEAM_KEY) || line.contains(TestGateway.CALLER_KEY), "no caller key: " + line);
        TestGateway.PROVIDER_KEYS.values().forEach(key -> assertFalse(line.contains(key), "no provider key: " + line));
        assertFalse(line.toLowerCase(Locale.ROOT).contains("bearer"), line);
    }
}
