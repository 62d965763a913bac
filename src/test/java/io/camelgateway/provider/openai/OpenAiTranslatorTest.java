package io.camelgateway.provider.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.SseEvent;
import io.camelgateway.provider.StreamTranslator;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamError;

class OpenAiTranslatorTest {

    private final OpenAiTranslator openAi = new OpenAiTranslator();
    private final AzureOpenAiTranslator azure = new AzureOpenAiTranslator();

    private static Target target(String format, String baseUrl, String apiVersion, Map<String, String> deployments,
                                 String upstreamModel) {
        ProviderConfig provider = new ProviderConfig(format, format, baseUrl, "env:KEY", apiVersion, deployments,
                Map.of(), List.of(), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), 4096, Map.of());
        return new Target(provider, upstreamModel, format + "/" + upstreamModel);
    }

    private static Target openAiTarget() {
        return target("openai", "https://api.openai.com/v1/", null, Map.of(), "gpt-4o-mini");
    }

    private static ChatRequest request(String json) throws IOException {
        return Json.MAPPER.readValue(json, ChatRequest.class);
    }

    private static JsonNode json(String text) throws IOException {
        return Json.tree(text);
    }

    private static Map<String, String> headers(Consumer<Map<String, String>> auth) {
        Map<String, String> headers = new java.util.HashMap<>();
        auth.accept(headers);
        return headers;
    }

    // ---- request ----

    @Test
    void bodyHasUpstreamModelAndKeepsUnknownFieldsVerbatim() throws IOException {
        ChatRequest request = request("""
                {"model":"fast","messages":[{"role":"user","content":"hi"}],
                 "logit_bias":{"50256":-100},"reasoning_effort":"low"}""");

        JsonNode body = Json.tree(openAi.chatCall(request, openAiTarget()).body());

        assertEquals(json("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],
                 "logit_bias":{"50256":-100},"reasoning_effort":"low"}"""), body);
    }

    @Test
    void streamAlwaysAsksForUsageWithoutChangingTheCallersRequest() throws IOException {
        ChatRequest request = request("""
                {"model":"fast","stream":true,"stream_options":{"include_usage":false},
                 "messages":[{"role":"user","content":"hi"}]}""");

        JsonNode body = Json.tree(openAi.chatCall(request, openAiTarget()).body());

        assertEquals(json("{\"include_usage\":true}"), body.get("stream_options"));
        assertEquals("fast", request.model);
        assertFalse(request.wantsUsageInStream());
        assertFalse(request.streamOptions.includeUsage);
    }

    @Test
    void streamWithoutStreamOptionsAlsoAsksForUsage() throws IOException {
        ChatRequest request = request("{\"model\":\"fast\",\"stream\":true,\"messages\":[]}");

        JsonNode body = Json.tree(openAi.chatCall(request, openAiTarget()).body());

        assertEquals(json("{\"include_usage\":true}"), body.get("stream_options"));
        assertNull(request.streamOptions);
    }

    @Test
    void chatUrlIsBasePlusChatCompletions() throws IOException {
        assertEquals(URI.create("https://api.openai.com/v1/chat/completions"),
                openAi.chatCall(request("{\"model\":\"m\",\"messages\":[]}"), openAiTarget()).uri());
    }

    @Test
    void azureUrlUsesConfiguredDeploymentAndApiVersion() throws IOException {
        Target target = target("azure", "https://res.openai.azure.com", "2025-01-01-preview",
                Map.of("gpt-4o", "prod-4o"), "gpt-4o");

        assertEquals(URI.create("https://res.openai.azure.com/openai/deployments/prod-4o/chat/completions"
                        + "?api-version=2025-01-01-preview"),
                azure.chatCall(request("{\"model\":\"m\",\"messages\":[]}"), target).uri());
    }

    @Test
    void azureUrlFallsBackToModelNameAndDefaultApiVersion() throws IOException {
        Target target = target("azure", "https://res.openai.azure.com/", null, Map.of(), "gpt-4o-mini");

        assertEquals(URI.create("https://res.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions"
                        + "?api-version=2024-10-21"),
                azure.chatCall(request("{\"model\":\"m\",\"messages\":[]}"), target).uri());
    }

    @Test
    void azureDeploymentCannotLeaveItsPathSegment() throws IOException {
        ChatRequest request = request("{\"model\":\"m\",\"messages\":[]}");
        Target climbing = target("azure", "https://res.openai.azure.com", null, Map.of(), "../../openai/files");
        GatewayException e = assertThrows(GatewayException.class, () -> azure.chatCall(request, climbing));
        assertEquals(400, e.status());
        assertEquals("model", e.param());
        Target odd = target("azure", "https://res.openai.azure.com", null, Map.of("m", "prod?x=1#"), "m");
        assertEquals("/openai/deployments/prod%3Fx%3D1%23/chat/completions",
                azure.chatCall(request, odd).uri().getRawPath());
    }

    @Test
    void azureAuthenticatesWithApiKeyHeaderAndOpenAiWithBearer() {
        assertEquals(Map.of("api-key", "sk-1"), headers(h -> azure.authenticate(h, "sk-1")));
        assertEquals(Map.of("Authorization", "Bearer sk-1"), headers(h -> openAi.authenticate(h, "sk-1")));
    }

    // ---- stream ----

    @Test
    void chunkEventBecomesOneChunkWithTheSameContent() {
        StreamTranslator stream = openAi.streamTranslator(null, openAiTarget());

        List<ChatCompletionChunk> chunks = stream.translate(new SseEvent(null, """
                {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}"""));

        assertEquals(1, chunks.size());
        assertEquals("c1", chunks.get(0).id);
        assertEquals("Hel", chunks.get(0).choices.get(0).delta.content);
        assertFalse(stream.finished());
    }

    @Test
    void doneEndsTheStream() {
        StreamTranslator stream = openAi.streamTranslator(null, openAiTarget());
        stream.translate(new SseEvent(null, "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}"));

        assertEquals(List.of(), stream.translate(new SseEvent(null, "[DONE]")));
        assertTrue(stream.finished());
    }

    @Test
    void streamThatEndsWithoutAChoiceIsAnInvalidResponse() {
        StreamTranslator stream = openAi.streamTranslator(null, openAiTarget());
        stream.translate(new SseEvent(null, "{\"id\":\"c\",\"choices\":null}"));

        GatewayException e = assertThrows(GatewayException.class, () -> stream.translate(new SseEvent(null, "[DONE]")));
        assertEquals("upstream_invalid_response", e.code());
        assertFalse(stream.finished());
    }

    @Test
    void errorEventBreaksTheStreamWith502() {
        StreamTranslator stream = openAi.streamTranslator(null, openAiTarget());

        GatewayException e = assertThrows(GatewayException.class,
                () -> stream.translate(new SseEvent(null, "{\"error\":{\"message\":\"boom\"}}")));

        assertEquals(502, e.status());
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    @Test
    void invalidJsonEventIsAnInvalidResponse() {
        StreamTranslator stream = openAi.streamTranslator(null, openAiTarget());

        GatewayException e = assertThrows(GatewayException.class,
                () -> stream.translate(new SseEvent(null, "{\"choices\":[")));

        assertEquals(502, e.status());
        assertEquals("upstream_invalid_response", e.code());
    }

    // ---- errors ----

    @Test
    void status401IsACredentialRejection() {
        UpstreamError error = openAi.error(401, """
                {"error":{"message":"Unauthorized","type":"auth_error"}}""".getBytes(StandardCharsets.UTF_8));

        assertEquals(new UpstreamError("Unauthorized", "auth_error", true), error);
    }

    @Test
    void htmlErrorBodyGivesNoMessage() {
        UpstreamError error = openAi.error(500, "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8));

        assertEquals(new UpstreamError(null, null, false), error);
    }
}
