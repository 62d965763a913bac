package io.camelgateway.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input and failing upstreams: each gets OpenAI's error shape with the right status, and the gateway goes on.
 * What each kind of provider fault looks like to a client, retried or not, is FaultMatrixTest's table.
 */
class GatewayErrorsTest extends GatewayTestSupport {

    @BeforeEach
    void reset() {
        simulator.clearFaults();
        simulator.clearReceived();
        simulator.requireKey(null);
    }

    @Test
    void malformedJsonIs400() {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", "{\"model\": \"openai/gpt-4o-mini\", ");
        assertEquals(400, r.statusCode());
        assertEquals("invalid_request_error", Http.error(r).get("type").asText());
        assertTrue(Http.error(r).get("message").asText().contains("could not parse the JSON body"));
        stillServing();
    }

    @Test
    void curlStyleFormContentTypeIsStillReadAsJson() {
        HttpResponse<String> r = Http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.CALLER_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Http.chat("openai/gpt-4o-mini", "a=b&c", false)))
                .build());
        assertEquals(200, r.statusCode(), r.body());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":\"hi\"}|messages|expected an array",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":42}]}|messages[0].content|expected a string or an array",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}|temperature|expected a number",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":7}|temperature|between 0 and 2",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[]}|messages|non-empty",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model|provide a model",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}|messages[0].role|Supported values",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}|messages[0].tool_call_id|tool_call_id",
            "[1,2,3]||must be a JSON object",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":[null]}]}|messages[0].content[0]|expected an object",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1e30}|max_tokens|expected an integer",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":99999999999999999999}|max_tokens|out of range",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"seed\":1e400}|seed|expected an integer",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":1e999}|temperature|between 0 and 2",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} trailing|null|one JSON object",
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}{\"model\":\"x\"}|null|one JSON object"})
    void illTypedOrMissingFieldsAre400NamingTheField(String body, String param, String message) {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", body);
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = Http.error(r);
        assertEquals(param == null ? "null" : param, error.get("param").asText());
        assertTrue(error.get("message").asText().contains(message), error.toString());
        assertTrue(simulator.received().isEmpty());
    }

    /** A model name ends up in provider URLs (Gemini, Azure) and in response headers: only plain names get through. */
    @ParameterizedTest
    @ValueSource(strings = {
            "/v1/chat/completions|gemini/../../__requests?",
            "/v1/chat/completions|gemini/%2e%2e/%2e%2e/v1/files?",
            "/v1/chat/completions|azure/../../openai/files",
            "/v1/chat/completions|gemini/tuned/../gemini-2.5-flash",
            "/v1/chat/completions|gemini/tunedModels/x",
            "/v1/chat/completions|openai/gpt-4o-mini\\r\\nx-injected: 1",
            "/v1/chat/completions|gemini/gemini-2.5-flash\\r\\n",
            "/v1/chat/completions|anthropic/claude sonnet",
            "/v1/embeddings|gemini/../../__requests?",
            "/v1/embeddings|openai/text-embedding-3-small\\n"})
    void modelNamesThatCouldLeaveTheirPlaceAre400(String pathAndModel) {
        String path = pathAndModel.substring(0, pathAndModel.indexOf('|'));
        String model = pathAndModel.substring(path.length() + 1);
        String body = path.endsWith("embeddings") ? "{\"model\":\"" + model + "\",\"input\":\"hi\"}"
                : "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        for (boolean stream : new boolean[]{false, true}) {
            HttpResponse<String> r = Http.post(gateway, path, stream ? body.replaceFirst("\\{", "{\"stream\":true,") : body);
            assertEquals(400, r.statusCode(), model + ": " + r.body());
            assertEquals("model", Http.error(r).get("param").asText(), r.body());
        }
        assertTrue(simulator.received().isEmpty(), "nothing reached a provider: " + simulator.received());
    }

    @Test
    void bodyOverTheLimitIs413InOpenAiShape() {
        String huge = Http.chat("openai/gpt-4o-mini", "x".repeat(70_000), false);
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", huge);
        assertEquals(413, r.statusCode());
        assertEquals("request_too_large", Http.error(r).get("code").asText());
        assertTrue(simulator.received().isEmpty());
        stillServing();
    }

    @Test
    void missingKeyIs401InOpenAiShape() {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat("openai/gpt-4o-mini", "hi", false), null);
        assertEquals(401, r.statusCode());
        assertEquals("invalid_api_key", Http.error(r).get("code").asText());
    }

    @Test
    void keysFromTheConfigFileAreAcceptedToo() {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                Http.chat("openai/gpt-4o-mini", "hi", false), "gw-second-caller-key");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void callerKeyIsNeverEchoedInResponseHeaders() {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat("openai/gpt-4o-mini", "hi", false));
        assertEquals(200, r.statusCode());
        assertFalse(r.headers().map().toString().contains(TestGateway.CALLER_KEY), r.headers().map().toString());
        assertEquals("openai", r.headers().firstValue("x-gateway-provider").orElseThrow());
        assertEquals("gpt-4o-mini", r.headers().firstValue("x-gateway-model").orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"openai/gpt-4o-mini, openai", "anthropic/claude-sonnet-4-5, anthropic", "gemini/gemini-2.5-flash, gemini"})
    void rejectedProviderCredentialIs502NamingTheProviderNotTheKey(String model, String provider) {
        simulator.requireKey("some-other-key");
        for (boolean stream : new boolean[]{false, true}) {
            HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat(model, "hi", stream));
            assertEquals(502, r.statusCode(), r.body());
            JsonNode error = Http.error(r);
            assertEquals("provider_auth_failed", error.get("code").asText());
            assertTrue(error.get("message").asText().contains("'" + provider + "'"));
            assertFalse(r.body().contains(TestGateway.PROVIDER_KEYS.get(provider)), r.body());
        }
    }

    @ParameterizedTest
    @CsvSource({"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"})
    void upstream429PassesRetryAfterOn(String model) {
        simulator.enqueue(Fault.error(429, "7"));
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat(model, "hi", false));
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("7", r.headers().firstValue("retry-after").orElseThrow());
        assertEquals("rate_limited", Http.error(r).get("code").asText());
    }

    /** openai's are in FaultMatrixTest, with what retries do to them. */
    @ParameterizedTest
    @CsvSource({"anthropic/claude-sonnet-4-5, false", "gemini/gemini-2.5-flash, true"})
    void upstream500Is502(String model, boolean stream) {
        simulator.enqueue(Fault.error(500).forever());
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat(model, "hi", stream));
        assertEquals(502, r.statusCode(), r.body());
        assertEquals("upstream_error", Http.error(r).get("code").asText());
        simulator.clearFaults();
        stillServing();
    }

    @Test
    void anthropicOverloadedIs503() {
        simulator.enqueue(Fault.error(529).forever());
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                Http.chat("anthropic/claude-sonnet-4-5", "hi", false));
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("provider_overloaded", Http.error(r).get("code").asText());
    }

    @Test
    void streamStillGoingAtTheRequestTimeoutEndsWithAnErrorEvent() {
        simulator.enqueue(Fault.slowChunks(Duration.ofMillis(250)));
        long start = System.nanoTime();
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                Http.chat("brief/gpt-4o-mini", "one two three four five six seven eight nine ten", true));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"content\":\"Simulated \""), r.body());
        assertTrue(r.body().contains("upstream_timeout") && r.body().contains("did not finish the answer within 1500 ms"),
                r.body());
        assertFalse(r.body().contains("[DONE]"), r.body());
        assertTrue(millis < 3000, "cut at the 1,500 ms limit, not after the whole 4 s answer: " + millis);
        stillServing();
    }

    @Test
    void unconfiguredProviderIs503() {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat("unconfigured/m", "hi", false));
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("provider_not_configured", Http.error(r).get("code").asText());
        assertTrue(Http.error(r).get("message").asText().contains("SOME_UNSET_VARIABLE"));
    }

    @Test
    void noKeyAppearsInLogsOrErrorBodies() {
        String providerKey = TestGateway.PROVIDER_KEYS.get("openai");
        try (LogCapture logs = new LogCapture()) {
            // A provider that quotes the key it was sent, as OpenAI's "Incorrect API key provided: ..." does.
            simulator.enqueue(Fault.builder().status(400)
                    .rawBody("{\"error\":{\"message\":\"key " + providerKey + " is not allowed here\"}}").build());
            HttpResponse<String> quoted = Http.post(gateway, "/v1/chat/completions", Http.chat("openai/gpt-4o-mini", "hi", false));
            assertEquals(400, quoted.statusCode(), quoted.body());
            assertTrue(quoted.body().contains("key *** is not allowed here"), quoted.body());

            simulator.requireKey("some-other-key");
            for (String model : new String[]{"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"}) {
                assertEquals(502, Http.post(gateway, "/v1/chat/completions", Http.chat(model, "hi", true)).statusCode());
            }
            assertEquals(401, Http.post(gateway, "/v1/chat/completions", Http.chat("openai/gpt-4o-mini", "hi", false),
                    TestGateway.CALLER_KEY + "-wrong").statusCode());

            List<String> lines = logs.lines();
            assertTrue(lines.stream().anyMatch(l -> l.contains("provider_auth_failed")), "the failures were logged");
            for (String line : lines) {
                assertFalse(line.contains(TestGateway.CALLER_KEY), line);
                TestGateway.PROVIDER_KEYS.values().forEach(key -> assertFalse(line.contains(key), line));
            }
        }
    }

    @Test
    void healthNeedsNoKey() {
        assertEquals(200, Http.get(gateway, "/health/live", null).statusCode());
        HttpResponse<String> ready = Http.get(gateway, "/health/ready", null);
        assertEquals(200, ready.statusCode());
        assertTrue(ready.body().contains("\"unconfigured\":\"no credential\""), ready.body());
        assertTrue(ready.body().contains("\"openai\":\"credential set\""), ready.body());
        // Nothing listens behind "nowhere": readiness says what it knows (no key is needed), never "configured".
        assertTrue(ready.body().contains("\"nowhere\":\"no credential needed\""), ready.body());
    }

    @Test
    void unknownModelIdUnderModelsIs404() {
        HttpResponse<String> r = Http.get(gateway, "/v1/models/nope/nothing", TestGateway.CALLER_KEY);
        assertEquals(404, r.statusCode());
        assertEquals("model_not_found", Http.error(r).get("code").asText());
    }

    @ParameterizedTest
    @CsvSource({"GET,/v1/nothing", "POST,/v1/completions", "GET,/", "PUT,/v2/chat/completions"})
    void unknownUrlIs404InOpenAisShape(String method, String path) {
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", "Bearer " + TestGateway.CALLER_KEY)
                .method(method, HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(404, r.statusCode(), r.body());
        JsonNode error = Http.error(r);
        assertEquals("unknown_url", error.get("code").asText());
        assertEquals("Invalid URL (" + method + " " + path + ").", error.get("message").asText());
        stillServing();
    }

    /** Only health checks are free: an unknown URL asked without a key learns nothing of which URLs exist. */
    @Test
    void unknownUrlWithoutAKeyIs401() {
        HttpResponse<String> r = Http.get(gateway, "/v1/nothing", null);
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("invalid_api_key", Http.error(r).get("code").asText());
    }

    @ParameterizedTest
    @CsvSource({"GET,/v1/chat/completions,POST", "DELETE,/v1/models,GET", "POST,/v1/models/gpt-4o-mini,GET",
            "GET,/v1/embeddings,POST"})
    void knownUrlWithAnotherMethodIs405WithAllow(String method, String path, String allowed) {
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", "Bearer " + TestGateway.CALLER_KEY).header("Allow", "EVERYTHING")
                .method(method, HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(405, r.statusCode(), r.body());
        assertEquals("method_not_allowed", Http.error(r).get("code").asText());
        assertEquals(List.of(allowed), r.headers().allValues("allow"), "the gateway's Allow, not the caller's");
    }

    @Test
    void aCallersAllowHeaderIsNotEchoed() {
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/health/live"))
                .header("Allow", "EVERYTHING").GET().build());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().allValues("allow").isEmpty(), r.headers().toString());
    }

    /**
     * Headers and query parameters named like the gateway's own never come back, whatever the answer; nor does an
     * x-request-id that is not a plain id (a sane one does: AuditLogTest).
     */
    @ParameterizedTest
    @CsvSource({"/v1/chat/completions, false, true, 200", "/v1/chat/completions, true, true, 200",
            "/v1/chat/completions, false, false, 401", "/v1/nothing, false, true, 404"})
    void callerInputIsNeverReflectedIntoResponseHeaders(String path, boolean stream, boolean withKey, int status) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path
                        + "?x-gateway-query=evil-query&retry-after=666&x-request-id=evil-query"))
                .header("x-gateway-provider", "evil-provider").header("x-gateway-injected", "evil-header")
                .header("Retry-After", "999").header("x-request-id", "evil id; <b>").header("CamelGatewayAllow", "evil")
                .POST(HttpRequest.BodyPublishers.ofString(Http.chat("openai/gpt-4o-mini", "hi", stream)));
        if (withKey) {
            request.header("Authorization", "Bearer " + TestGateway.CALLER_KEY);
        }
        HttpResponse<String> r = Http.send(request.build());
        assertEquals(status, r.statusCode(), r.body());
        String id = r.headers().firstValue("x-request-id").orElse("");
        assertTrue(id.matches("req_[0-9a-f]{32}"), "a new request id, not the caller's: " + id);
        // The generated id is random hex: left out of the search, where it could hold "666" or "999" by chance.
        Map<String, List<String>> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        shown.putAll(r.headers().map());
        shown.remove("x-request-id");
        String headers = shown.toString();
        for (String reflected : new String[]{"evil", "666", "999", "x-gateway-injected", "x-gateway-query"}) {
            assertFalse(headers.contains(reflected), headers);
        }
        if (status == 200) {
            assertEquals("openai", r.headers().firstValue("x-gateway-provider").orElseThrow());
        }
    }

    private static void stillServing() {
        HttpResponse<String> ok = Http.post(gateway, "/v1/chat/completions", Http.chat("openai/gpt-4o-mini", "ok?", false));
        assertEquals(200, ok.statusCode(), ok.body());
    }
}
