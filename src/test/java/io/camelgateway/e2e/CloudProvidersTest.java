package io.camelgateway.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.simulator.Fault;
import io.camelgateway.simulator.ProviderSimulator;
import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bedrock (SigV4-signed Converse and ConverseStream, whose answer is AWS's binary event stream) and Vertex AI
 * (Gemini with OAuth tokens from a service-account key) through the real gateway, against the simulator, which
 * checks each signature and token as AWS and Google would.
 */
@GatewayFiles(routes = "src/test/resources/cloud-routes/cloud-pool.camel.yaml")
class CloudProvidersTest extends GatewayTestSupport {
    private static final String CLAUDE = "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0";
    private static final String TOOLS = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"]}}}]";

    @Test
    void bedrockAnswersASignedChatRequest() throws IOException {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat(CLAUDE, "hello bedrock", false));

        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = Json.tree(r.body());
        assertEquals("Simulated bedrock answer to: hello bedrock",
                answer.path("choices").path(0).path("message").path("content").asText());
        assertEquals("stop", answer.path("choices").path(0).path("finish_reason").asText());
        assertEquals(2, answer.path("usage").path("prompt_tokens").asInt());
        RecordedRequest sent = simulator.received().get(0);
        assertEquals("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", sent.path());
        assertTrue(sent.headers().get("authorization").contains("/us-east-1/bedrock/aws4_request"),
                sent.headers().toString());
        assertFalse(sent.body().contains("\"model\""), "the model goes in the path only: " + sent.body());
    }

    @Test
    void bedrockStreamsItsBinaryEventStreamAsChunks() {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat(CLAUDE, "stream it", true));

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("Simulated bedrock answer to: stream it", streamedText(r.body()));
        assertTrue(r.body().strip().endsWith("data: [DONE]"), r.body());
        assertEquals("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream",
                simulator.received().get(0).path());
    }

    @Test
    void inferenceProfileArnIsOnePathSegmentAndSignedAsSuch() {
        String arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-v1:0";
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat("bedrock/" + arn, "hi", false));

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic"
                + ".claude-3-5-sonnet-v1%3A0/converse", simulator.received().get(0).path());
    }

    @Test
    void bedrockToolCallsArriveAsOpenAiToolCallsPlainAndStreamed() throws IOException {
        String body = "{\"model\":\"" + CLAUDE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]"
                + TOOLS + "}";
        HttpResponse<String> plain = Http.post(gateway, "/v1/chat/completions", body);
        assertEquals(200, plain.statusCode(), plain.body());
        JsonNode choice = Json.tree(plain.body()).path("choices").path(0);
        assertEquals("tool_calls", choice.path("finish_reason").asText());
        JsonNode call = choice.path("message").path("tool_calls").path(0);
        assertEquals("get_weather", call.path("function").path("name").asText());
        assertEquals("{\"city\":\"sim\"}", call.path("function").path("arguments").asText());
        JsonNode sentTools = Json.tree(simulator.received().get(0).body()).path("toolConfig").path("tools");
        assertEquals("get_weather", sentTools.path(0).path("toolSpec").path("name").asText());

        HttpResponse<String> streamed = Http.post(gateway, "/v1/chat/completions",
                body.replace("\"messages\"", "\"stream\":true,\"messages\""));
        assertEquals(200, streamed.statusCode(), streamed.body());
        StringBuilder arguments = new StringBuilder();
        for (JsonNode event : events(streamed.body())) {
            event.path("choices").path(0).path("delta").path("tool_calls")
                    .forEach(c -> arguments.append(c.path("function").path("arguments").asText("")));
        }
        assertEquals("{\"city\":\"sim\"}", arguments.toString());

        String answer = "{\"model\":\"" + CLAUDE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"tooluse_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"tooluse_1\",\"content\":\"sunny\"}]" + TOOLS + "}";
        HttpResponse<String> followUp = Http.post(gateway, "/v1/chat/completions", answer);
        assertEquals(200, followUp.statusCode(), followUp.body());
        assertEquals("Simulated bedrock answer to tool result: sunny",
                Json.tree(followUp.body()).path("choices").path(0).path("message").path("content").asText());
    }

    @Test
    void aSignatureAwsDoesNotAcceptIsTheGatewaysCredentialProblem() throws IOException {
        simulator.knowAwsKey(ProviderSimulator.AWS_ACCESS_KEY_ID, "another-secret-than-the-gateway-signs-with");
        try {
            HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat(CLAUDE, "hi", false));

            assertEquals(502, r.statusCode(), r.body());
            assertEquals("provider_auth_failed", Http.error(r).path("code").asText());
            assertFalse(r.body().contains("signature we calculated"), "the provider's message is not passed on");
        } finally {
            simulator.knowAwsKey(ProviderSimulator.AWS_ACCESS_KEY_ID, ProviderSimulator.AWS_SECRET_ACCESS_KEY);
        }
    }

    @Test
    void throttlingIsRetriedAndValidationIsTheCallersError() throws IOException {
        simulator.enqueue(Fault.error(429).onPath("/model/"));
        HttpResponse<String> retried = Http.post(gateway, "/v1/chat/completions", Http.chat(CLAUDE, "again", false));
        assertEquals(200, retried.statusCode(), retried.body());
        assertEquals(2, simulator.received().size(), "a ThrottlingException is tried again");

        simulator.enqueue(Fault.error(400).onPath("/model/"));
        HttpResponse<String> refused = Http.post(gateway, "/v1/chat/completions", Http.chat(CLAUDE, "bad", false));
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("upstream_rejected", Http.error(refused).path("code").asText());
    }

    @Test
    void anExceptionEventMidStreamEndsTheStreamWithAnError() {
        simulator.enqueue(Fault.errorEventAfter(3, 429).onPath("/model/"));
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                Http.chat(CLAUDE, "one two three four five", true));

        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> events = events(r.body());
        assertTrue(streamedText(r.body()).startsWith("Simulated bedrock "), r.body());
        assertEquals("rate_limited", events.get(events.size() - 1).path("error").path("code").asText(), r.body());
        assertFalse(r.body().contains("[DONE]"), r.body());
    }

    @Test
    void aPoolMovesFromAFailingBedrockToOpenAi() throws IOException {
        HttpResponse<String> first = Http.post(gateway, "/v1/chat/completions", Http.chat("cloud-mixed", "q", false));
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("bedrock", first.headers().firstValue("x-gateway-provider").orElse(""));

        simulator.enqueue(Fault.error(503).onPath("/model/").forever());
        HttpResponse<String> moved = Http.post(gateway, "/v1/chat/completions", Http.chat("cloud-mixed", "q", false));
        assertEquals(200, moved.statusCode(), moved.body());
        assertEquals("openai", moved.headers().firstValue("x-gateway-provider").orElse(""));
        assertTrue(Json.tree(moved.body()).path("choices").path(0).path("message").path("content").asText()
                .startsWith("Simulated openai answer"), moved.body());
    }

    @Test
    void aFanOutOverBedrockVertexAndOpenAiTakesTheFirstAnswer() {
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(1500)).onPath("/model/"));
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(1500)).onPath("/v1/chat/completions"));
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat("cloud-hedged", "race", false));

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("vertex", r.headers().firstValue("x-gateway-provider").orElse(""), r.body());
        assertTrue(r.body().contains("Simulated gemini answer to: race"), r.body());
        assertTrue(simulator.received().stream().anyMatch(q -> q.path().startsWith("/model/")),
                "Bedrock was asked too: " + simulator.received());
    }

    @Test
    void vertexAnswersWithTheTokenItsServiceAccountKeyGot() throws IOException {
        HttpResponse<String> plain = Http.post(gateway, "/v1/chat/completions",
                Http.chat("vertex/gemini-2.5-flash", "hello vertex", false));
        assertEquals(200, plain.statusCode(), plain.body());
        assertEquals("Simulated gemini answer to: hello vertex",
                Json.tree(plain.body()).path("choices").path(0).path("message").path("content").asText());
        RecordedRequest sent = simulator.received().stream().filter(q -> q.path().startsWith("/v1/projects/"))
                .findFirst().orElseThrow();
        assertEquals("/v1/projects/sim-project/locations/us-central1/publishers/google/models/gemini-2.5-flash"
                + ":generateContent", sent.path());
        assertTrue(sent.headers().get("authorization").startsWith("Bearer ya29.sim-"), sent.headers().toString());

        HttpResponse<String> streamed = Http.post(gateway, "/v1/chat/completions",
                Http.chat("vertex/gemini-2.5-flash", "stream vertex", true));
        assertEquals(200, streamed.statusCode(), streamed.body());
        assertEquals("Simulated gemini answer to: stream vertex", streamedText(streamed.body()));
    }

    @Test
    void anExpiredTokenIsReplacedBeforeItIsSent() throws Exception {
        simulator.accessTokenLifetime(Duration.ofSeconds(2));
        try {
            int before = simulator.accessTokensIssued();
            HttpResponse<String> first = Http.post(gateway, "/v1/chat/completions",
                    Http.chat("vertex-brief/gemini-2.5-flash", "first", false));
            assertEquals(200, first.statusCode(), first.body());
            assertEquals(before + 1, simulator.accessTokensIssued());

            Thread.sleep(2300); // past the first token's expiry: the simulator refuses it from now on
            HttpResponse<String> second = Http.post(gateway, "/v1/chat/completions",
                    Http.chat("vertex-brief/gemini-2.5-flash", "second", false));
            assertEquals(200, second.statusCode(), second.body());
            assertEquals(before + 2, simulator.accessTokensIssued());
        } finally {
            simulator.accessTokenLifetime(Duration.ofHours(1));
        }
    }

    @Test
    void aTokenVertexRefusesIsReplacedForTheNextCall() {
        String request = Http.chat("vertex/gemini-2.5-flash", "after revocation", false);
        assertEquals(200, Http.post(gateway, "/v1/chat/completions", request).statusCode());
        simulator.revokeAccessTokens();

        HttpResponse<String> refused = Http.post(gateway, "/v1/chat/completions", request);
        assertEquals(502, refused.statusCode(), refused.body());
        assertEquals("provider_auth_failed", Http.error(refused).path("code").asText());
        int issued = simulator.accessTokensIssued();
        HttpResponse<String> next = Http.post(gateway, "/v1/chat/completions", request);
        assertEquals(200, next.statusCode(), next.body());
        assertEquals(issued + 1, simulator.accessTokensIssued());
    }

    private static String streamedText(String sse) {
        StringBuilder text = new StringBuilder();
        for (JsonNode event : events(sse)) {
            event.path("choices").forEach(c -> text.append(c.path("delta").path("content").asText("")));
        }
        return text.toString();
    }

    private static List<JsonNode> events(String sse) {
        return sse.lines().filter(line -> line.startsWith("data: {")).map(line -> {
            try {
                return Json.tree(line.substring("data: ".length()));
            } catch (IOException e) {
                throw new AssertionError("not a JSON event: " + line, e);
            }
        }).toList();
    }
}
