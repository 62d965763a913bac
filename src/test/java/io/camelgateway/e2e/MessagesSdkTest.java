package io.camelgateway.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camelgateway.api.Json;
import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user of the official Anthropic Java SDK gets from the gateway's /v1/messages, for each provider. */
class MessagesSdkTest extends GatewayTestSupport {
    static AnthropicClient client;

    @BeforeAll
    static void client() {
        client = sdk(TestGateway.CALLER_KEY);
    }

    static AnthropicClient sdk(String key) {
        return AnthropicOkHttpClient.builder().apiKey(key).baseUrl(gateway.baseUrl()).maxRetries(0).build();
    }

    @ParameterizedTest
    @CsvSource({"anthropic/claude-sonnet-4-5, anthropic", "openai/gpt-4o-mini, openai",
            "gemini/gemini-2.5-flash, gemini"})
    void plainAnswerFromEachProvider(String model, String format) {
        Message answer = client.messages().create(MessageCreateParams.builder().model(model).maxTokens(256)
                .system("Be brief.").addUserMessage("What is Camel?").build());

        assertEquals("Simulated " + format + " answer to: What is Camel?", text(answer));
        assertEquals(StopReason.END_TURN, answer.stopReason().orElseThrow());
        assertEquals(7, answer.usage().outputTokens());
        assertEquals(5, answer.usage().inputTokens());
    }

    @ParameterizedTest
    @CsvSource({"anthropic/claude-sonnet-4-5, anthropic", "openai/gpt-4o-mini, openai",
            "gemini/gemini-2.5-flash, gemini"})
    void streamedAnswerFromEachProvider(String model, String format) {
        Message answer = streamed(MessageCreateParams.builder().model(model).maxTokens(256)
                .addUserMessage("Stream me a reply").build());

        assertEquals("Simulated " + format + " answer to: Stream me a reply", text(answer));
        assertEquals(StopReason.END_TURN, answer.stopReason().orElseThrow());
        assertEquals(8, answer.usage().outputTokens());
    }

    @Test
    void streamFollowsAnthropicsEventSequence() {
        HttpResponse<String> response = Http.post(gateway, "/v1/messages", """
                {"model":"openai/gpt-4o-mini","max_tokens":100,"stream":true,
                 "messages":[{"role":"user","content":"Stream me a reply"}]}""");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        List<String> names = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("event: ")) {
                String name = line.substring(7);
                if (names.isEmpty() || !names.get(names.size() - 1).equals(name) || !name.equals("content_block_delta")) {
                    names.add(name);
                }
            }
        }
        assertEquals(List.of("message_start", "ping", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop"), names);
        assertFalse(response.body().contains("[DONE]"));
        assertTrue(response.body().contains("\"usage\":{\"input_tokens\":4,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":8}"), response.body());
    }

    @ParameterizedTest
    @CsvSource({"anthropic/claude-sonnet-4-5, anthropic, false", "openai/gpt-4o-mini, openai, false",
            "gemini/gemini-2.5-flash, gemini, false", "anthropic/claude-sonnet-4-5, anthropic, true",
            "openai/gpt-4o-mini, openai, true", "gemini/gemini-2.5-flash, gemini, true"})
    void toolConversationOverTwoTurns(String model, String format, boolean stream) {
        MessageCreateParams.Builder first = MessageCreateParams.builder().model(model).maxTokens(256)
                .addUserMessage("Weather in Paris?").addTool(weatherTool());
        Message call = stream ? streamed(first.build()) : client.messages().create(first.build());

        assertEquals(StopReason.TOOL_USE, call.stopReason().orElseThrow());
        ToolUseBlock toolUse = call.content().stream().filter(ContentBlock::isToolUse).findFirst()
                .orElseThrow().asToolUse();
        assertEquals("get_weather", toolUse.name());
        assertTrue(toolUse._input().toString().contains("location"), toolUse._input().toString());

        MessageCreateParams.Builder second = first.addMessage(call).addUserMessageOfContentBlockParams(List.of(
                ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(toolUse.id())
                        .content("Sunny, 22 C").build())));
        Message answer = stream ? streamed(second.build()) : client.messages().create(second.build());

        assertEquals("Simulated " + format + " answer to tool result: Sunny, 22 C", text(answer));
    }

    /**
     * With thinking on, Anthropic refuses a tool result unless the thinking block that came with the call is sent
     * back with its signature untouched, and Gemini 3 refuses a function call without its thoughtSignature: the
     * simulator enforces both, so a second turn is answered only if the gateway carried them through the client.
     */
    @ParameterizedTest
    @CsvSource({"anthropic/claude-sonnet-4-5, anthropic, false", "anthropic/claude-sonnet-4-5, anthropic, true",
            "gemini/gemini-3-pro-preview, gemini, false", "gemini/gemini-3-pro-preview, gemini, true"})
    void thinkingAndSignaturesSurviveAToolConversation(String model, String format, boolean stream) {
        MessageCreateParams.Builder first = MessageCreateParams.builder().model(model).maxTokens(4096)
                .enabledThinking(2048).addUserMessage("Weather in Paris?").addTool(weatherTool());
        Message call = stream ? streamed(first.build()) : client.messages().create(first.build());

        ContentBlock thinking = call.content().get(0);
        assertTrue(thinking.isThinking(), "the answer starts with its thinking: " + call.content());
        assertTrue(thinking.asThinking().thinking().startsWith("Simulated thinking about: Weather in Paris?")
                || thinking.asThinking().thinking().startsWith("Simulated thought about: Weather in Paris?"));
        assertTrue(thinking.asThinking().signature().startsWith("sim-sig-"));
        ToolUseBlock toolUse = call.content().stream().filter(ContentBlock::isToolUse).findFirst()
                .orElseThrow().asToolUse();

        Message answer = stream ? streamed(first.addMessage(call).addUserMessageOfContentBlockParams(List.of(
                ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(toolUse.id())
                        .content("Sunny").build()))).build())
                : client.messages().create(first.addMessage(call).addUserMessageOfContentBlockParams(List.of(
                ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(toolUse.id())
                        .content("Sunny").build()))).build());

        assertTrue(text(answer).endsWith("answer to tool result: Sunny"), text(answer));
        RecordedRequest last = simulator.received().get(simulator.received().size() - 1);
        assertTrue(last.body().contains("sim-sig-"), "the signature went back to " + format);
    }

    @Test
    void providerRefusesAToolResultWithoutTheThinkingThatAskedForIt() {
        HttpResponse<String> refused = post("""
                {"model":"anthropic/claude-sonnet-4-5","max_tokens":4096,
                 "thinking":{"type":"enabled","budget_tokens":2048},
                 "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],
                 "messages":[{"role":"user","content":"Weather in Paris?"},
                   {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather",
                                                   "input":{"location":"Paris"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"Sunny"}]}]}""");

        assertEquals(400, refused.statusCode(), refused.body());
        assertAnthropicError(refused, "invalid_request_error");
        assertTrue(refused.body().contains("must start with a thinking block"), refused.body());
    }

    @Test
    void cacheControlReachesAnthropicAndCachedTokensComeBackPricedAsCached() {
        String body = """
                {"model":"anthropic/claude-haiku-4-5","max_tokens":100,
                 "system":[{"type":"text","text":"You answer questions about a long manual of Apache Camel routes",
                            "cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":"What is a route?"}]}""";
        HttpResponse<String> written = Http.post(gateway, "/v1/messages", body);
        HttpResponse<String> read = Http.post(gateway, "/v1/messages", body);
        JsonNode first = json(written);
        JsonNode second = json(read);

        JsonNode upstream = json(simulator.received().get(0).body());
        assertEquals("ephemeral", upstream.path("system").path(0).path("cache_control").path("type").asText());
        assertEquals(11, first.path("usage").path("cache_creation_input_tokens").asInt(), first.toString());
        assertEquals(0, first.path("usage").path("cache_read_input_tokens").asInt());
        assertEquals(11, second.path("usage").path("cache_read_input_tokens").asInt(), second.toString());
        assertEquals(first.path("usage").path("input_tokens"), second.path("usage").path("input_tokens"));
        // gateway.yaml prices claude-haiku-4-5 at 1.00 input, 5.00 output, 0.10 cache reads, 1.25 cache writes.
        int uncached = first.path("usage").path("input_tokens").asInt();
        int output = first.path("usage").path("output_tokens").asInt();
        assertEquals(usd((uncached * 1.00 + 11 * 1.25 + output * 5.00) / 1e6),
                written.headers().firstValue("x-gateway-cost-usd").orElseThrow());
        assertEquals(usd((uncached * 1.00 + 11 * 0.10 + output * 5.00) / 1e6),
                read.headers().firstValue("x-gateway-cost-usd").orElseThrow());
    }

    private static String usd(double cost) {
        return String.format(java.util.Locale.ROOT, "%.8f", cost);
    }

    @Test
    void cacheControlIsLeftOutForOpenAi() {
        Http.post(gateway, "/v1/messages", """
                {"model":"openai/gpt-4o-mini","max_tokens":100,
                 "system":[{"type":"text","text":"Long manual","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":"What is a route?"}]}""");

        String upstream = simulator.received().get(0).body();
        assertFalse(upstream.contains("cache_control"), upstream);
        assertTrue(upstream.contains("Long manual"), upstream);
    }

    @ParameterizedTest
    @CsvSource({"anthropic/claude-sonnet-4-5", "openai/gpt-4o-mini", "gemini/gemini-2.5-flash"})
    void imagesGoAsBase64AndAsUrls(String model) {
        HttpResponse<String> response = Http.post(gateway, "/v1/messages", """
                {"model":"%s","max_tokens":100,"messages":[{"role":"user","content":[
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                  {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},
                  {"type":"text","text":"What are these?"}]}]}""".formatted(model));

        assertEquals(200, response.statusCode(), response.body());
        String upstream = simulator.received().get(0).body();
        assertTrue(upstream.contains("iVBORw0KGgo="), upstream);
        assertTrue(upstream.contains("https://example.com/cat.jpg"), upstream);
        if (model.startsWith("anthropic")) {
            JsonNode content = json(upstream).path("messages").path(0).path("content");
            assertEquals("base64", content.path(0).path("source").path("type").asText());
            assertEquals("url", content.path(1).path("source").path("type").asText());
        }
    }

    @Test
    void countTokensEstimatesTheInput() {
        long few = client.messages().countTokens(MessageCountTokensParams.builder().model("claude-sonnet")
                .addUserMessage("Hello").build()).inputTokens();
        long more = client.messages().countTokens(MessageCountTokensParams.builder().model("claude-sonnet")
                .addUserMessage("Hello, please explain the whole of Apache Camel's routing engine in detail").build())
                .inputTokens();

        assertTrue(few > 0 && more > few + 8, few + " then " + more);
        assertTrue(simulator.received().isEmpty(), "no provider is asked");
    }

    @Test
    void wrongKeyIsRefusedInAnthropicsShape() {
        assertThrows(UnauthorizedException.class, () -> sdk("sk-wrong").messages().create(
                MessageCreateParams.builder().model("claude-sonnet").maxTokens(10).addUserMessage("Hi").build()));

        HttpResponse<String> raw = Http.post(gateway, "/v1/messages",
                "{\"model\":\"claude-sonnet\",\"max_tokens\":10,\"messages\":[]}", "sk-wrong");
        assertEquals(401, raw.statusCode());
        assertAnthropicError(raw, "authentication_error");
    }

    @Test
    void bearerTokenIsAcceptedAsWellAsXApiKey() {
        AnthropicClient bearer = AnthropicOkHttpClient.builder().authToken(TestGateway.CALLER_KEY)
                .baseUrl(gateway.baseUrl()).maxRetries(0).build();
        Message answer = bearer.messages().create(MessageCreateParams.builder().model("claude-sonnet")
                .maxTokens(10).addUserMessage("Hi").build());

        assertEquals("Simulated anthropic answer to: Hi", text(answer));
    }

    @Test
    void unknownModelIsNotFoundInAnthropicsShape() {
        assertThrows(NotFoundException.class, () -> client.messages().create(MessageCreateParams.builder()
                .model("no-such-model").maxTokens(10).addUserMessage("Hi").build()));
    }

    @Test
    void badBodiesAreInvalidRequestsInAnthropicsShape() {
        assertAnthropicError(post("{not json"), "invalid_request_error");
        HttpResponse<String> noMaxTokens = post("{\"model\":\"claude-sonnet\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");
        assertEquals(400, noMaxTokens.statusCode());
        assertTrue(Http.error(noMaxTokens).isMissingNode() || json(noMaxTokens).path("error").path("message")
                .asText().startsWith("max_tokens"), noMaxTokens.body());
        assertAnthropicError(post("{\"model\":\"claude-sonnet\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\","
                + "\"content\":\"Hi\"}]}"), "invalid_request_error");
        assertTrue(simulator.received().isEmpty());
    }

    @Test
    void unknownPathUnderMessagesIsNotFoundInAnthropicsShape() {
        HttpResponse<String> response = post("/v1/messages/nothing-here", "{}");
        assertEquals(404, response.statusCode());
        assertAnthropicError(response, "not_found_error");
    }

    private static HttpResponse<String> post(String body) {
        return post("/v1/messages", body);
    }

    private static HttpResponse<String> post(String path, String body) {
        return Http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("x-api-key", TestGateway.CALLER_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void assertAnthropicError(HttpResponse<String> response, String type) {
        JsonNode body = json(response);
        assertEquals("error", body.path("type").asText(), response.body());
        assertEquals(type, body.path("error").path("type").asText(), response.body());
        assertFalse(body.path("error").path("message").asText().isEmpty());
    }

    private static Message streamed(MessageCreateParams params) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }

    private static String text(Message message) {
        StringBuilder text = new StringBuilder();
        message.content().forEach(block -> block.text().ifPresent(t -> text.append(t.text())));
        return text.toString();
    }

    static Tool weatherTool() {
        return Tool.builder().name("get_weather").description("The weather in a city")
                .inputSchema(Tool.InputSchema.builder().properties(Tool.InputSchema.Properties.builder()
                        .putAdditionalProperty("location", JsonValue.from(Map.of("type", "string"))).build())
                        .required(List.of("location")).build()).build();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    private static JsonNode json(String body) {
        try {
            return Json.tree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
