package io.camelgateway.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] OPENAI_AUTH = {"Authorization", "Bearer sk-test"};
    private static final String[] ANTHROPIC_AUTH = {"x-api-key", "sk-ant-test", "anthropic-version", "2023-06-01"};
    private static final String[] GEMINI_AUTH = {"x-goog-api-key", "AIza-test"};
    private static final String[] AZURE_AUTH = {"api-key", "az-test"};
    private static final String AZURE_CHAT = "/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21";
    private static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"days\":{\"type\":\"integer\"},\"units\":{\"type\":\"string\"}},\"required\":[\"city\",\"days\"]}";

    private static ProviderSimulator sim;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(0);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.clearFaults();
        sim.clearReceived();
        sim.requireKey(null);
        sim.chunkDelay(Duration.ZERO);
        sim.releaseStreams();
        sim.limitCallsAtOnce(0);
        sim.resetCallCounts();
        sim.planBatches(BatchPlan.QUICK);
    }

    @Test
    void callsBeyondTheLimitAtOnceGetOpenAisRateLimitAnswer() throws Exception {
        sim.limitCallsAtOnce(1);
        sim.enqueue(Fault.slowHeaders(Duration.ofMillis(500)));
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/v1/chat/completions", openAiChat("first", ""), OPENAI_AUTH);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sim.callsUnderWay() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        HttpResponse<String> refused = post("/v1/chat/completions", openAiChat("second", ""), OPENAI_AUTH);

        assertEquals(429, refused.statusCode());
        JsonNode error = json(refused).get("error");
        assertEquals("requests", error.get("type").asText());
        assertEquals("rate_limit_exceeded", error.get("code").asText());
        assertTrue(error.get("message").asText().startsWith("Rate limit reached for gpt-4o-mini"), refused.body());
        assertEquals("1", refused.headers().firstValue("x-ratelimit-limit-requests").orElseThrow());
        assertEquals("0", refused.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        assertEquals("1", refused.headers().firstValue("retry-after").orElseThrow());
        assertEquals(200, first.join().statusCode());
        assertEquals(1, sim.callsRefusedByLimit());
        assertEquals(200, post("/v1/chat/completions", openAiChat("third", ""), OPENAI_AUTH).statusCode(),
                "a call is over once its answer is written");
        assertEquals(0, sim.callsUnderWay());
    }

    @Test
    void anthropicMessageBatchEndsWithEachResultAsPlanned() throws Exception {
        sim.planBatches(BatchPlan.QUICK.withErrors(Set.of(1)).withExpired(Set.of(2)));
        String params = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String body = "{\"requests\":[{\"custom_id\":\"a\",\"params\":" + params + "},{\"custom_id\":\"b\","
                + "\"params\":" + params + "},{\"custom_id\":\"c\",\"params\":" + params + "}]}";
        HttpResponse<String> made = post("/v1/messages/batches", body, ANTHROPIC_AUTH);
        assertEquals(200, made.statusCode(), made.body());
        JsonNode batch = json(made.body());
        assertEquals("message_batch", batch.get("type").asText());
        assertEquals("ended", batch.get("processing_status").asText());
        assertEquals(1, batch.at("/request_counts/expired").asInt());

        HttpResponse<String> results = send("GET", batch.get("results_url").asText()
                .substring(sim.baseUrl().length()), null, ANTHROPIC_AUTH);
        String[] lines = results.body().split("\n");
        assertEquals("succeeded", json(lines[0]).at("/result/type").asText());
        assertEquals("message", json(lines[0]).at("/result/message/type").asText());
        assertEquals("errored", json(lines[1]).at("/result/type").asText());
        assertEquals("invalid_request_error", json(lines[1]).at("/result/error/error/type").asText());
        assertEquals("expired", json(lines[2]).at("/result/type").asText());

        assertEquals(400, post("/v1/messages/batches", body.replace("\"b\"", "\"a\""), ANTHROPIC_AUTH)
                .statusCode(), "custom ids are unique in a batch");
        HttpResponse<String> unknown = send("GET", "/v1/messages/batches/msgbatch_nope", null, ANTHROPIC_AUTH);
        assertEquals(404, unknown.statusCode());
        assertEquals("not_found_error", json(unknown.body()).at("/error/type").asText());
    }

    @Test
    void geminiBatchOperationHoldsItsInlinedResponsesOnceDone() throws Exception {
        sim.planBatches(BatchPlan.taking(Duration.ofMillis(300)));
        String request = "{\"request\":{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]},"
                + "\"metadata\":{\"key\":\"k%d\"}}";
        HttpResponse<String> made = post("/v1beta/models/gemini-2.5-flash:batchGenerateContent",
                "{\"batch\":{\"displayName\":\"mine\",\"inputConfig\":{\"requests\":{\"requests\":["
                        + request.formatted(0) + "," + request.formatted(1) + "]}}}}", GEMINI_AUTH);
        assertEquals(200, made.statusCode(), made.body());
        JsonNode operation = json(made.body());
        assertEquals("BATCH_STATE_RUNNING", operation.at("/metadata/state").asText());
        assertFalse(operation.get("done").asBoolean());
        String name = operation.get("name").asText();
        Thread.sleep(400);
        JsonNode done = json(send("GET", "/v1beta/" + name, null, GEMINI_AUTH).body());
        assertEquals("BATCH_STATE_SUCCEEDED", done.at("/metadata/state").asText());
        assertTrue(done.get("done").asBoolean());
        JsonNode responses = done.at("/response/inlinedResponses/inlinedResponses");
        assertEquals(2, responses.size());
        assertEquals("k1", responses.get(1).at("/metadata/key").asText());
        assertTrue(responses.get(0).at("/response/candidates/0/content/parts/0/text").asText().contains("hi"));
        assertEquals(403, send("GET", "/v1beta/" + name, null).statusCode(), "a key is required, as Gemini says");
    }

    // ------------------------------------------------------------------ helpers

    private static HttpResponse<String> send(String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        return send("POST", path, body, headers);
    }

    private static JsonNode json(String s) throws IOException {
        return JSON.readTree(s);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static String openAiChat(String userText, String extra) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse\"},"
                + "{\"role\":\"user\",\"content\":\"" + userText + "\"}]" + extra + "}";
    }

    private static String anthropicBody(String userText, String extra) {
        return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"system\":\"You are terse\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"" + userText + "\"}]" + extra + "}";
    }

    private static String geminiBody(String userText, String extra) {
        return "{\"systemInstruction\":{\"parts\":[{\"text\":\"You are terse\"}]},\"contents\":[{\"role\":\"user\","
                + "\"parts\":[{\"text\":\"" + userText + "\"}]}]" + extra + "}";
    }

    /** The data payloads of "data: ..." events separated by this separator. */
    private static List<String> dataEvents(String body, String separator) {
        List<String> out = new ArrayList<>();
        for (String event : body.split(separator)) {
            if (!event.isEmpty()) {
                assertTrue(event.startsWith("data: "), event);
                out.add(event.substring(6));
            }
        }
        return out;
    }

    /** Sends one raw HTTP/1.1 request and reads everything until the server closes the connection. */
    private static String rawExchange(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", sim.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String rawPost(String path, String body, String... headerLines) {
        StringBuilder sb = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headerLines) {
            sb.append(h).append("\r\n");
        }
        return sb.append("Content-Type: application/json\r\nContent-Length: ")
                .append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body).toString();
    }

    // ------------------------------------------------------------------ OpenAI

    @Test
    void openAiPlainAnswer() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", openAiChat("Hello there", ""), OPENAI_AUTH);
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
        ObjectNode body = (ObjectNode) json(r);
        assertTrue(body.get("id").asText().matches("chatcmpl-sim-\\d+"), body.toString());
        assertTrue(body.remove("created").isIntegralNumber());
        body.remove("id");
        assertEquals(json("{\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Simulated openai answer to: Hello there\","
                + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,"
                + "\"completion_tokens\":6,\"total_tokens\":11},\"system_fingerprint\":\"fp_sim\"}"), body);
    }

    @Test
    void openAiStreamWithUsageEndsWithUsageChunkThenDone() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions",
                openAiChat("Tell me a joke", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"),
                OPENAI_AUTH);
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("content-type").orElseThrow());
        List<String> events = dataEvents(r.body(), "\n\n");
        // role chunk + 8 words + finish chunk + usage chunk + [DONE]
        assertEquals(12, events.size(), r.body());
        assertEquals("[DONE]", events.get(11));
        JsonNode first = json(events.get(0));
        assertEquals(json("{\"role\":\"assistant\",\"content\":\"\"}"), first.at("/choices/0/delta"));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i <= 9; i++) {
            JsonNode chunk = json(events.get(i));
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            assertTrue(chunk.has("usage") && chunk.get("usage").isNull());
            assertEquals(first.get("id"), chunk.get("id"));
            if (i >= 1 && i <= 8) {
                text.append(chunk.at("/choices/0/delta/content").asText());
                assertTrue(chunk.at("/choices/0/finish_reason").isNull());
            }
        }
        assertEquals("Simulated openai answer to: Tell me a joke", text.toString());
        assertEquals("Simulated ", json(events.get(1)).at("/choices/0/delta/content").asText());
        JsonNode finish = json(events.get(9));
        assertEquals(json("{}"), finish.at("/choices/0/delta"));
        assertEquals("stop", finish.at("/choices/0/finish_reason").asText());
        JsonNode usage = json(events.get(10));
        assertEquals(0, usage.get("choices").size());
        assertEquals(json("{\"prompt_tokens\":7,\"completion_tokens\":8,\"total_tokens\":15}"), usage.get("usage"));
    }

    @Test
    void openAiStreamWithoutUsageHasNoUsageField() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", openAiChat("Hi", ",\"stream\":true"), OPENAI_AUTH);
        List<String> events = dataEvents(r.body(), "\n\n");
        assertEquals(1 + 5 + 1 + 1, events.size());
        assertFalse(json(events.get(0)).has("usage"));
        assertEquals("[DONE]", events.get(events.size() - 1));
    }

    @Test
    void officialOpenAiSdkReadsAnswersAndStreams() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(sim.baseUrl() + "/v1").apiKey("sk-sdk")
                .maxRetries(0).build();
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o")
                    .addUserMessage("Hello SDK").build();
            ChatCompletion c = client.chat().completions().create(params);
            assertEquals("Simulated openai answer to: Hello SDK", c.choices().get(0).message().content().orElseThrow());
            assertEquals(6L, c.usage().orElseThrow().completionTokens());
            StringBuilder sb = new StringBuilder();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(
                        choice -> choice.delta().content().ifPresent(sb::append)));
            }
            assertEquals("Simulated openai answer to: Hello SDK", sb.toString());
            assertEquals("Bearer sk-sdk", sim.received().get(0).header("Authorization"));
        } finally {
            client.close();
        }
    }

    @Test
    void openAiEmbeddingsFloatAndBase64() throws Exception {
        JsonNode floats = json(post("/v1/embeddings",
                "{\"model\":\"text-embedding-3-small\",\"input\":[\"one two\",\"three\"],\"dimensions\":4}",
                OPENAI_AUTH));
        assertEquals("list", floats.get("object").asText());
        assertEquals("text-embedding-3-small", floats.get("model").asText());
        assertEquals(json("{\"prompt_tokens\":3,\"total_tokens\":3}"), floats.get("usage"));
        assertEquals(2, floats.get("data").size());
        JsonNode vec = floats.at("/data/1/embedding");
        assertEquals(4, vec.size());
        double norm = 0;
        for (JsonNode v : vec) {
            norm += v.asDouble() * v.asDouble();
        }
        assertEquals(1.0, norm, 1e-5);
        assertEquals(1, floats.at("/data/1/index").asInt());
        assertEquals("embedding", floats.at("/data/0/object").asText());

        JsonNode b64 = json(post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"three\","
                + "\"dimensions\":4,\"encoding_format\":\"base64\"}", OPENAI_AUTH));
        ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(b64.at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            assertEquals((float) vec.get(i).asDouble(), buf.getFloat(), "same text, same vector");
        }
        JsonNode dflt = json(post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}", OPENAI_AUTH));
        assertEquals(8, dflt.at("/data/0/embedding").size());
    }

    @Test
    void openAiModelsAndErrors() throws Exception {
        JsonNode models = json(send("GET", "/v1/models", null, OPENAI_AUTH));
        assertEquals("list", models.get("object").asText());
        assertEquals("simulator", models.at("/data/0/owned_by").asText());
        assertEquals("model", models.at("/data/0/object").asText());

        HttpResponse<String> malformed = post("/v1/chat/completions", "{not json", OPENAI_AUTH);
        assertEquals(400, malformed.statusCode());
        assertEquals("invalid_request_error", json(malformed).at("/error/type").asText());

        HttpResponse<String> unknown = post("/v1/unknown", "{}", OPENAI_AUTH);
        assertEquals(404, unknown.statusCode());
        assertEquals(json("{\"error\":{\"message\":\"Invalid URL (POST /v1/unknown)\",\"type\":"
                + "\"invalid_request_error\",\"param\":null,\"code\":null}}"), json(unknown));
    }

    @Test
    void azureChatEchoesDeploymentAndNeedsApiVersion() throws Exception {
        JsonNode body = json(post(AZURE_CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi Azure\"}]}",
                AZURE_AUTH));
        assertEquals("my-gpt", body.get("model").asText());
        assertEquals("Simulated azure answer to: Hi Azure", body.at("/choices/0/message/content").asText());

        JsonNode emb = json(post("/openai/deployments/my-emb/embeddings?api-version=2024-10-21",
                "{\"input\":\"a b\"}", AZURE_AUTH));
        assertEquals("my-emb", emb.get("model").asText());

        HttpResponse<String> noVersion = post("/openai/deployments/my-gpt/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", AZURE_AUTH);
        assertEquals(404, noVersion.statusCode());
        assertEquals("Resource not found", json(noVersion).at("/error/message").asText());
    }

    // ------------------------------------------------------------------ Anthropic

    @Test
    void anthropicPlainAnswerAndValidation() throws Exception {
        ObjectNode body = (ObjectNode) json(post("/v1/messages", anthropicBody("Hello Claude", ""), ANTHROPIC_AUTH));
        assertTrue(body.remove("id").asText().matches("msg_sim_\\d+"));
        assertEquals(json("{\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"Simulated anthropic answer to: Hello Claude\"}],\"stop_reason\":"
                + "\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":6}}"), body);

        HttpResponse<String> noVersion = post("/v1/messages", anthropicBody("Hi", ""), "x-api-key", "k");
        assertEquals(400, noVersion.statusCode());
        assertEquals("invalid_request_error", json(noVersion).at("/error/type").asText());

        HttpResponse<String> noMax = post("/v1/messages",
                "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", ANTHROPIC_AUTH);
        assertEquals(400, noMax.statusCode());
        assertEquals(json("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
                + "\"max_tokens: Field required\"}}"), json(noMax));
    }

    @Test
    void anthropicStreamEventSequence() throws Exception {
        HttpResponse<String> r = post("/v1/messages", anthropicBody("Hi there", ",\"stream\":true"), ANTHROPIC_AUTH);
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("content-type").orElseThrow());
        List<String> names = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        for (String event : r.body().split("\n\n")) {
            String[] lines = event.split("\n");
            assertEquals(2, lines.length, event);
            assertTrue(lines[0].startsWith("event: ") && lines[1].startsWith("data: "), event);
            names.add(lines[0].substring(7));
            data.add(json(lines[1].substring(6)));
            assertEquals(names.get(names.size() - 1), data.get(data.size() - 1).get("type").asText());
        }
        assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop"), names);
        assertEquals(json("{\"input_tokens\":5,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
                + "\"output_tokens\":1}"), data.get(0).at("/message/usage"));
        assertEquals(0, data.get(0).at("/message/content").size());
        assertEquals(json("{\"type\":\"text\",\"text\":\"\"}"), data.get(1).get("content_block"));
        StringBuilder text = new StringBuilder();
        for (int i = 3; i <= 8; i++) {
            assertEquals("text_delta", data.get(i).at("/delta/type").asText());
            text.append(data.get(i).at("/delta/text").asText());
        }
        assertEquals("Simulated anthropic answer to: Hi there", text.toString());
        assertEquals(json("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":"
                + "null},\"usage\":{\"output_tokens\":6}}"), data.get(10));
    }

    // ------------------------------------------------------------------ Gemini

    @Test
    void geminiPlainAnswer() throws Exception {
        ObjectNode body = (ObjectNode) json(post("/v1beta/models/gemini-2.5-flash:generateContent",
                geminiBody("Hello Gemini", ""), GEMINI_AUTH));
        assertTrue(body.remove("responseId").asText().matches("sim-\\d+"));
        assertEquals(json("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Simulated gemini answer to: Hello "
                + "Gemini\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":"
                + "{\"promptTokenCount\":5,\"candidatesTokenCount\":6,\"totalTokenCount\":11},\"modelVersion\":"
                + "\"gemini-2.5-flash\"}"), body);
    }

    @Test
    void geminiStreamUsesCrlfEvents() throws Exception {
        HttpResponse<String> r = post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=AIza-q",
                geminiBody("Hi Gemini", ""));
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("content-type").orElseThrow());
        assertTrue(r.body().endsWith("\r\n\r\n"));
        assertFalse(r.body().replace("\r\n", "").contains("\n"), "only CRLF line endings");
        List<String> events = dataEvents(r.body(), "\r\n\r\n");
        assertEquals(6, events.size());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = json(events.get(i));
            text.append(e.at("/candidates/0/content/parts/0/text").asText());
            assertEquals("model", e.at("/candidates/0/content/role").asText());
            assertEquals(i == 5, e.at("/candidates/0").has("finishReason"));
            assertEquals(json("{\"promptTokenCount\":5,\"candidatesTokenCount\":" + (i + 1) + ",\"totalTokenCount\":"
                    + (i + 6) + "}"), e.get("usageMetadata"));
        }
        assertEquals("STOP", json(events.get(5)).at("/candidates/0/finishReason").asText());
        assertEquals("Simulated gemini answer to: Hi Gemini", text.toString());
        assertEquals("alt=sse&key=AIza-q", sim.received().get(0).query());
    }

    @Test
    void geminiEmbeddings() throws Exception {
        JsonNode batch = json(post("/v1beta/models/text-embedding-004:batchEmbedContents",
                "{\"requests\":[{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"one\"}]},"
                        + "\"outputDimensionality\":3},{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":"
                        + "[{\"text\":\"two\"}]}}]}", GEMINI_AUTH));
        assertEquals(2, batch.get("embeddings").size());
        assertEquals(3, batch.at("/embeddings/0/values").size());
        assertEquals(8, batch.at("/embeddings/1/values").size());
        JsonNode single = json(post("/v1beta/models/text-embedding-004:embedContent",
                "{\"content\":{\"parts\":[{\"text\":\"two\"}]}}", GEMINI_AUTH));
        assertEquals(batch.at("/embeddings/1/values"), single.at("/embedding/values"));
    }

    // ------------------------------------------------------------------ tools

    @Test
    void openAiToolCallsAndToolResults() throws Exception {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
                + WEATHER_SCHEMA + "}},{\"type\":\"function\",\"function\":{\"name\":\"all_types\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\"},\"n\":{\"type\":\"number\"},"
                + "\"i\":{\"type\":\"integer\"},\"b\":{\"type\":\"boolean\"},\"a\":{\"type\":\"array\"},"
                + "\"o\":{\"type\":\"object\"}}}}}]";
        JsonNode first = json(post("/v1/chat/completions", openAiChat("Weather?", tools), OPENAI_AUTH));
        assertEquals("tool_calls", first.at("/choices/0/finish_reason").asText());
        assertTrue(first.at("/choices/0/message/content").isNull());
        JsonNode call = first.at("/choices/0/message/tool_calls/0");
        assertTrue(call.get("id").asText().startsWith("call_sim_"));
        assertEquals("function", call.get("type").asText());
        assertEquals("get_weather", call.at("/function/name").asText());
        assertEquals("{\"city\":\"sim\",\"days\":1}", call.at("/function/arguments").asText());
        assertEquals(5, first.at("/usage/completion_tokens").asInt());

        JsonNode forced = json(post("/v1/chat/completions", openAiChat("Types?", tools
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"all_types\"}}"), OPENAI_AUTH));
        assertEquals("{\"s\":\"sim\",\"n\":1,\"i\":1,\"b\":true,\"a\":[],\"o\":{}}",
                forced.at("/choices/0/message/tool_calls/0/function/arguments").asText());

        JsonNode none = json(post("/v1/chat/completions", openAiChat("No tools", tools + ",\"tool_choice\":\"none\""),
                OPENAI_AUTH));
        assertEquals("Simulated openai answer to: No tools", none.at("/choices/0/message/content").asText());

        String stream = post("/v1/chat/completions", openAiChat("Weather?", tools + ",\"stream\":true"),
                OPENAI_AUTH).body();
        List<String> events = dataEvents(stream, "\n\n");
        JsonNode head = json(events.get(0)).at("/choices/0/delta/tool_calls/0");
        assertEquals("get_weather", head.at("/function/name").asText());
        assertEquals("", head.at("/function/arguments").asText());
        assertEquals(0, head.get("index").asInt());
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < events.size() - 2; i++) {
            args.append(json(events.get(i)).at("/choices/0/delta/tool_calls/0/function/arguments").asText());
        }
        assertEquals(3, events.size() - 3, "arguments in three fragments");
        assertEquals("{\"city\":\"sim\",\"days\":1}", args.toString());
        assertEquals("tool_calls", json(events.get(events.size() - 2)).at("/choices/0/finish_reason").asText());

        String result = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":"
                + "\"call_1\",\"content\":\"22 degrees\"}]" + tools + "}";
        JsonNode answer = json(post("/v1/chat/completions", result, OPENAI_AUTH));
        assertEquals("Simulated openai answer to tool result: 22 degrees",
                answer.at("/choices/0/message/content").asText());
        assertEquals("stop", answer.at("/choices/0/finish_reason").asText());
    }

    @Test
    void anthropicToolUseAndToolResult() throws Exception {
        String tools = ",\"tools\":[{\"name\":\"get_weather\",\"description\":\"d\",\"input_schema\":"
                + WEATHER_SCHEMA + "}]";
        JsonNode body = json(post("/v1/messages", anthropicBody("Weather?", tools), ANTHROPIC_AUTH));
        assertEquals("tool_use", body.get("stop_reason").asText());
        JsonNode block = body.at("/content/0");
        assertEquals("tool_use", block.get("type").asText());
        assertTrue(block.get("id").asText().matches("toolu_sim_\\d+"));
        assertEquals("get_weather", block.get("name").asText());
        assertEquals(json("{\"city\":\"sim\",\"days\":1}"), block.get("input"));
        assertEquals(5, body.at("/usage/output_tokens").asInt());

        String stream = post("/v1/messages", anthropicBody("Weather?", tools + ",\"stream\":true"), ANTHROPIC_AUTH)
                .body();
        StringBuilder partial = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (String event : stream.split("\n\n")) {
            String[] lines = event.split("\n");
            names.add(lines[0].substring(7));
            JsonNode d = json(lines[1].substring(6));
            if (d.get("type").asText().equals("content_block_start")) {
                assertEquals("tool_use", d.at("/content_block/type").asText());
                assertEquals(json("{}"), d.at("/content_block/input"));
            }
            if (d.get("type").asText().equals("content_block_delta")) {
                assertEquals("input_json_delta", d.at("/delta/type").asText());
                partial.append(d.at("/delta/partial_json").asText());
            }
            if (d.get("type").asText().equals("message_delta")) {
                assertEquals("tool_use", d.at("/delta/stop_reason").asText());
            }
        }
        assertEquals("{\"city\":\"sim\",\"days\":1}", partial.toString());
        assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta",
                "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"),
                names);

        String result = "{\"model\":\"claude\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Weather?\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                + "\"name\":\"get_weather\",\"input\":{}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"toolu_1\",\"content\":[{\"type\":\"text\",\"text\":\"22 degrees\"}]}]}]"
                + tools + "}";
        JsonNode answer = json(post("/v1/messages", result, ANTHROPIC_AUTH));
        assertEquals("Simulated anthropic answer to tool result: 22 degrees", answer.at("/content/0/text").asText());
        assertEquals("end_turn", answer.get("stop_reason").asText());
    }

    @Test
    void geminiFunctionCallAndFunctionResponse() throws Exception {
        String tools = ",\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\",\"description\":\"d\","
                + "\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"city\":{\"type\":\"STRING\"},\"days\":"
                + "{\"type\":\"INTEGER\"},\"units\":{\"type\":\"STRING\"}},\"required\":[\"city\",\"days\"]}}]}]";
        JsonNode body = json(post("/v1beta/models/gemini-2.5-flash:generateContent", geminiBody("Weather?", tools),
                GEMINI_AUTH));
        assertEquals(json("{\"name\":\"get_weather\",\"args\":{\"city\":\"sim\",\"days\":1}}"),
                body.at("/candidates/0/content/parts/0/functionCall"));
        assertEquals("STOP", body.at("/candidates/0/finishReason").asText());
        assertEquals(5, body.at("/usageMetadata/candidatesTokenCount").asInt());

        String stream = post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
                geminiBody("Weather?", tools), GEMINI_AUTH).body();
        List<String> events = dataEvents(stream, "\r\n\r\n");
        assertEquals(1, events.size(), "a function call comes whole in one chunk");
        assertEquals("get_weather", json(events.get(0)).at("/candidates/0/content/parts/0/functionCall/name").asText());

        String result = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather?\"}]},{\"role\":\"model\","
                + "\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{}}}]},{\"role\":\"user\",\"parts\":"
                + "[{\"functionResponse\":{\"name\":\"get_weather\",\"response\":{\"result\":\"22 degrees\"}}}]}]"
                + tools + "}";
        JsonNode answer = json(post("/v1beta/models/gemini-2.5-flash:generateContent", result, GEMINI_AUTH));
        assertEquals("Simulated gemini answer to tool result: 22 degrees",
                answer.at("/candidates/0/content/parts/0/text").asText());
    }

    // ------------------------------------------------------------------ faults

    @Test
    void rateLimitFaultInEachFormat() throws Exception {
        sim.enqueue(Fault.error(429, "7").withTimes(4));
        HttpResponse<String> openai = post("/v1/chat/completions", openAiChat("Hi", ""), OPENAI_AUTH);
        HttpResponse<String> azure = post(AZURE_CHAT, openAiChat("Hi", ""), AZURE_AUTH);
        HttpResponse<String> anthropic = post("/v1/messages", anthropicBody("Hi", ""), ANTHROPIC_AUTH);
        HttpResponse<String> gemini = post("/v1beta/models/gemini-2.5-flash:generateContent", geminiBody("Hi", ""),
                GEMINI_AUTH);
        for (HttpResponse<String> r : List.of(openai, azure, anthropic, gemini)) {
            assertEquals(429, r.statusCode());
            assertEquals("7", r.headers().firstValue("retry-after").orElseThrow());
        }
        JsonNode openAiError = json("{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\","
                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
        assertEquals(openAiError, json(openai));
        assertEquals(openAiError, json(azure));
        assertEquals(json("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":"
                + "\"Number of requests has exceeded your rate limit\"}}"), json(anthropic));
        assertEquals(json("{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\","
                + "\"status\":\"RESOURCE_EXHAUSTED\"}}"), json(gemini));
        assertEquals(200, post("/v1/chat/completions", openAiChat("Hi", ""), OPENAI_AUTH).statusCode());
        assertEquals(5, sim.received().size(), "faulted requests are recorded too");
    }

    @Test
    void faultsAreFifoAmongMatchingAndHonourPathAndTimes() throws Exception {
        sim.enqueue(Fault.error(529).onPath("/v1/messages"));
        sim.enqueue(Fault.error(500));
        sim.enqueue(Fault.error(503));
        sim.enqueue(Fault.raw("{not json"));
        assertEquals(500, post("/v1/chat/completions", openAiChat("Hi", ""), OPENAI_AUTH).statusCode());
        HttpResponse<String> overloaded = post("/v1/messages", anthropicBody("Hi", ""), ANTHROPIC_AUTH);
        assertEquals(529, overloaded.statusCode());
        assertEquals(json("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
                json(overloaded));
        HttpResponse<String> unavailable = post("/v1beta/models/g:generateContent", geminiBody("Hi", ""),
                GEMINI_AUTH);
        assertEquals(503, unavailable.statusCode());
        assertEquals("UNAVAILABLE", json(unavailable).at("/error/status").asText());
        HttpResponse<String> raw = post("/v1/chat/completions", openAiChat("Hi", ""), OPENAI_AUTH);
        assertEquals(200, raw.statusCode());
        assertEquals("{not json", raw.body());
        assertEquals(200, post("/v1/chat/completions", openAiChat("Hi", ""), OPENAI_AUTH).statusCode());

        sim.enqueue(Fault.error(500).forever());
        for (int i = 0; i < 3; i++) {
            assertEquals(500, post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}", OPENAI_AUTH).statusCode());
        }
        sim.clearFaults();
        assertEquals(200, post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}", OPENAI_AUTH).statusCode());
    }

    @Test
    void everyNthFaultFailsThatShareOfRequests() throws Exception {
        sim.enqueue(Fault.error(500).everyNth(2).forever());
        StringBuilder statuses = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            statuses.append(post("/v1/chat/completions", openAiChat("Hi", ""), OPENAI_AUTH).statusCode()).append(' ');
        }
        sim.clearFaults();
        assertEquals("500 200 500 200 500 200 ", statuses.toString());
    }

    @Test
    void cutAfterChunksClosesTheStreamAbruptly() throws Exception {
        sim.enqueue(Fault.cutAfter(3));
        String raw = rawExchange(rawPost("/v1/chat/completions", openAiChat("Tell me a joke", ",\"stream\":true"),
                "Authorization: Bearer sk-test"));
        assertTrue(raw.startsWith("HTTP/1.1 200 OK\r\n"), raw);
        assertTrue(raw.toLowerCase().contains("transfer-encoding: chunked"), raw);
        assertEquals(3, raw.split("data: ", -1).length - 1, raw);
        assertFalse(raw.contains("[DONE]"));
        assertFalse(raw.endsWith("0\r\n\r\n"), "no terminating chunk");

        sim.enqueue(Fault.cutAfter(2));
        assertThrows(IOException.class, () -> post("/v1/messages",
                anthropicBody("Hi", ",\"stream\":true"), ANTHROPIC_AUTH));
    }

    @Test
    void headerDelayDelaysTheResponseHead() throws Exception {
        sim.enqueue(Fault.slowHeaders(Duration.ofMillis(400)));
        long t0 = System.nanoTime();
        HttpResponse<String> r = post("/v1/chat/completions", openAiChat("Hi", ""), OPENAI_AUTH);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertTrue(ms >= 400, "took " + ms + " ms");

        sim.enqueue(Fault.builder().status(503).headerDelay(Duration.ofMillis(300)).build());
        HttpRequest timed = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofMillis(100)).header("Authorization", "Bearer k")
                .POST(HttpRequest.BodyPublishers.ofString(openAiChat("Hi", ""))).build();
        assertThrows(HttpTimeoutException.class, () -> http.send(timed, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void heldStreamsSendTheirHeadThenWaitForTheReleaseBeforeTheirFirstEvent() throws Exception {
        String whole = post("/v1/chat/completions", openAiChat("Hold on", ",\"stream\":true"), OPENAI_AUTH).body();
        assertEquals(2, json(send("POST", "/_sim/config", "{\"holdStreams\":2}")).get("holdStreams").asInt());
        List<CompletableFuture<HttpResponse<InputStream>>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(http.sendAsync(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer k").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(openAiChat("Hold on", ",\"stream\":true"))).build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        }
        List<InputStream> bodies = new ArrayList<>();
        for (CompletableFuture<HttpResponse<InputStream>> f : held) {
            HttpResponse<InputStream> r = f.get(5, TimeUnit.SECONDS); // the head came
            assertEquals(200, r.statusCode());
            assertEquals("text/event-stream", r.headers().firstValue("content-type").orElseThrow());
            bodies.add(r.body());
        }
        assertEquals(2, sim.streamsHeld());
        assertEquals(2, json(send("GET", "/_sim/config", null)).get("streamsHeld").asInt());
        // the third stream is past the number held: answered whole at once
        assertEquals(withoutIds(whole), withoutIds(post("/v1/chat/completions",
                openAiChat("Hold on", ",\"stream\":true"), OPENAI_AUTH).body()));
        CompletableFuture<byte[]> firstBytes = CompletableFuture.supplyAsync(() -> {
            try {
                return bodies.get(0).readNBytes(1);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(firstBytes.isDone(), "no event before the release");

        assertEquals(json("{\"released\":2}"), json(post("/_sim/streams/release", "")));
        assertEquals(0, sim.streamsHeld());
        String first = new String(firstBytes.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8)
                + new String(bodies.get(0).readAllBytes(), StandardCharsets.UTF_8);
        String second = new String(bodies.get(1).readAllBytes(), StandardCharsets.UTF_8);
        for (String stream : List.of(first, second)) {
            List<String> events = dataEvents(stream, "\n\n");
            assertEquals(dataEvents(whole, "\n\n").size(), events.size(), stream);
            assertEquals("[DONE]", events.get(events.size() - 1));
        }
        // released: later streams are not held
        assertEquals(withoutIds(whole), withoutIds(post("/v1/chat/completions",
                openAiChat("Hold on", ",\"stream\":true"), OPENAI_AUTH).body()));
    }

    /** A stream's text without what differs between two answers to the same question: its id and time. */
    private static String withoutIds(String stream) {
        return stream.replaceAll("chatcmpl-sim-\\d+", "id").replaceAll("\"created\":\\d+", "\"created\":0");
    }

    @Test
    void chunkDelaySpacesStreamedEvents() throws Exception {
        sim.chunkDelay(Duration.ofMillis(40));
        long t0 = System.nanoTime();
        HttpResponse<String> r = post("/v1beta/models/g:streamGenerateContent?alt=sse", geminiBody("Hi", ""),
                GEMINI_AUTH);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(5, dataEvents(r.body(), "\r\n\r\n").size());
        assertTrue(ms >= 160, "4 gaps of 40 ms, took " + ms + " ms");

        sim.enqueue(Fault.slowChunks(Duration.ZERO));
        t0 = System.nanoTime();
        post("/v1beta/models/g:streamGenerateContent?alt=sse", geminiBody("Hi", ""), GEMINI_AUTH);
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 160, "the fault's chunk delay overrides the default");
    }

    @Test
    void rejectedKeyInEachFormat() throws Exception {
        sim.requireKey("good");
        HttpResponse<String> openai = post("/v1/chat/completions", openAiChat("Hi", ""), "Authorization", "Bearer bad");
        assertEquals(401, openai.statusCode());
        assertEquals(json("{\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":\"invalid_request_error\","
                + "\"param\":null,\"code\":\"invalid_api_key\"}}"), json(openai));

        HttpResponse<String> azure = post(AZURE_CHAT, openAiChat("Hi", ""), "api-key", "bad");
        assertEquals(401, azure.statusCode());
        assertEquals("invalid_api_key", json(azure).at("/error/code").asText());

        HttpResponse<String> anthropic = post("/v1/messages", anthropicBody("Hi", ""), "x-api-key", "bad",
                "anthropic-version", "2023-06-01");
        assertEquals(401, anthropic.statusCode());
        assertEquals(json("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":"
                + "\"invalid x-api-key\"}}"), json(anthropic));

        HttpResponse<String> gemini = post("/v1beta/models/g:generateContent?key=bad", geminiBody("Hi", ""));
        assertEquals(400, gemini.statusCode());
        assertEquals(json("{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
                + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}"), json(gemini));

        // the right key passes everywhere
        assertEquals(200, post("/v1/chat/completions", openAiChat("Hi", ""), "Authorization", "Bearer good")
                .statusCode());
        assertEquals(200, post(AZURE_CHAT, openAiChat("Hi", ""), "api-key", "good").statusCode());
        assertEquals(200, post("/v1/messages", anthropicBody("Hi", ""), "x-api-key", "good", "anthropic-version",
                "2023-06-01").statusCode());
        assertEquals(200, post("/v1beta/models/g:generateContent", geminiBody("Hi", ""), "x-goog-api-key", "good")
                .statusCode());

        // a missing key is always rejected, even with no required key
        sim.requireKey(null);
        assertEquals(401, post("/v1/chat/completions", openAiChat("Hi", "")).statusCode());
        assertEquals(401, post(AZURE_CHAT, openAiChat("Hi", "")).statusCode());
        assertEquals(401, post("/v1/messages", anthropicBody("Hi", ""), "anthropic-version", "2023-06-01")
                .statusCode());
        HttpResponse<String> geminiMissing = post("/v1beta/models/g:generateContent", geminiBody("Hi", ""));
        assertEquals(403, geminiMissing.statusCode());
        assertEquals("PERMISSION_DENIED", json(geminiMissing).at("/error/status").asText());
    }

    // ------------------------------------------------------------------ recording, keep-alive, control API

    @Test
    void recordingCapturesHeadersAndBody() throws Exception {
        String body = openAiChat("Record me", "");
        post("/v1/chat/completions?trace=1", body, "Authorization", "Bearer sk-rec", "X-Trace-Id", "abc-123");
        send("GET", "/_sim/requests", null);
        List<RecordedRequest> received = sim.received();
        assertEquals(1, received.size(), "control requests are not recorded");
        RecordedRequest r = received.get(0);
        assertEquals("POST", r.method());
        assertEquals("/v1/chat/completions", r.path());
        assertEquals("trace=1", r.query());
        assertEquals(body, r.body());
        assertEquals("abc-123", r.headers().get("x-trace-id"));
        assertEquals("Bearer sk-rec", r.headers().get("authorization"));
        assertEquals("application/json", r.header("Content-Type"));
        sim.clearReceived();
        assertTrue(sim.received().isEmpty());
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        String body = openAiChat("Again", "");
        try (Socket s = new Socket("127.0.0.1", sim.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write(rawPost("/v1/chat/completions", body, "Authorization: Bearer k")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 200 OK"), head);
                int length = Integer.parseInt(head.toLowerCase().split("content-length: ")[1].split("\r\n")[0]);
                String resp = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                assertEquals("Simulated openai answer to: Again", json(resp).at("/choices/0/message/content").asText());
            }
        }
        assertEquals(3, sim.received().size());
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed");
            }
            buf.write(c);
            matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void httpControlApi() throws Exception {
        HttpResponse<String> queued = post("/_sim/faults", "{\"status\":503,\"retryAfter\":\"2\",\"times\":2,"
                + "\"pathContains\":\"/chat/\"}");
        assertEquals(json("{\"queued\":1}"), json(queued));
        JsonNode pending = json(send("GET", "/_sim/faults", null));
        assertEquals(503, pending.at("/0/status").asInt());
        assertEquals("/chat/", pending.at("/0/pathContains").asText());
        assertEquals(1, sim.pendingFaults().size());

        assertEquals(200, post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}", OPENAI_AUTH).statusCode());
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = post("/v1/chat/completions", openAiChat("Hi", ""), OPENAI_AUTH);
            assertEquals(503, r.statusCode());
            assertEquals("2", r.headers().firstValue("retry-after").orElseThrow());
            assertEquals(json("{\"error\":{\"message\":\"The engine is currently overloaded, please try again later\","
                    + "\"type\":\"server_error\",\"param\":null,\"code\":null}}"), json(r));
        }
        assertEquals(200, post("/v1/chat/completions", openAiChat("Hi", ""), OPENAI_AUTH).statusCode());

        post("/_sim/faults", "[{\"rawBody\":\"{broken\"},{\"headerDelayMs\":10,\"cutAfterChunks\":1,"
                + "\"chunkDelayMs\":5,\"times\":-1}]");
        assertEquals(2, json(send("GET", "/_sim/faults", null)).size());
        assertEquals(json("{\"cleared\":true}"), json(send("DELETE", "/_sim/faults", null)));
        assertTrue(sim.pendingFaults().isEmpty());

        JsonNode requests = json(send("GET", "/_sim/requests", null));
        assertEquals(4, requests.size());
        assertEquals("/v1/embeddings", requests.at("/0/path").asText());
        assertEquals("Bearer sk-test", requests.at("/0/headers/authorization").asText());
        assertEquals("{\"model\":\"e\",\"input\":\"x\"}", requests.at("/0/body").asText());
        assertTrue(requests.at("/0/query").isNull());
        send("DELETE", "/_sim/requests", null);
        assertEquals(0, json(send("GET", "/_sim/requests", null)).size());

        assertEquals(400, post("/_sim/faults", "{\"times\":0}").statusCode());
        assertEquals(404, send("GET", "/_sim/nothing", null).statusCode());

        post("/_sim/config", "{\"requireKey\":\"only-this\"}");
        assertEquals(401, post("/v1/chat/completions", openAiChat("Hi", ""), OPENAI_AUTH).statusCode());
        post("/_sim/config", "{\"requireKey\":null}");
        assertNull(sim.requiredKey());
    }
}
