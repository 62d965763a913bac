package io.camelgateway.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.EasyInputMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user of the official OpenAI Java SDK's Responses client gets through the gateway, for each provider. */
class ResponsesSdkTest extends GatewayTestSupport {
    static OpenAIClient client;

    @BeforeAll
    static void client() {
        client = OpenAiSdkTest.sdk(TestGateway.CALLER_KEY);
    }

    @ParameterizedTest
    @CsvSource({"openai/gpt-4o-mini, openai", "anthropic/claude-sonnet-4-5, anthropic",
            "gemini/gemini-2.5-flash, gemini"})
    void plainAnswerIsAResponseObject(String model, String format) {
        Response response = client.responses().create(ResponseCreateParams.builder().model(model)
                .instructions("Be brief.").input("What is Camel?").build());

        response.validate();
        assertTrue(response.id().startsWith("resp_"), response.id());
        assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());
        assertEquals("Simulated " + format + " answer to: What is Camel?", outputText(response));
        assertEquals(5, response.usage().orElseThrow().inputTokens());
        assertEquals(7, response.usage().orElseThrow().outputTokens());
        assertEquals(12, response.usage().orElseThrow().totalTokens());
        assertEquals(List.of("system", "user"), roles(lastRequest(), format));
    }

    @ParameterizedTest
    @CsvSource({"openai/gpt-4o-mini, openai", "anthropic/claude-sonnet-4-5, anthropic",
            "gemini/gemini-2.5-flash, gemini"})
    void streamedAnswerComesAsResponsesEventsInOrder(String model, String format) {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model(model).input("Stream me a reply").build())) {
            stream.stream().forEach(events::add);
        }

        events.forEach(ResponseStreamEvent::validate);
        List<String> types = events.stream().map(ResponsesSdkTest::type).toList();
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added"), types.subList(0, 4));
        assertEquals(List.of("response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed"), types.subList(types.size() - 4, types.size()));
        assertTrue(types.subList(4, types.size() - 4).stream().allMatch("response.output_text.delta"::equals), types.toString());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, sequence(events.get(i)), "sequence_number of event " + i);
        }
        StringBuilder text = new StringBuilder();
        events.forEach(e -> e.outputTextDelta().ifPresent(d -> text.append(d.delta())));
        assertEquals("Simulated " + format + " answer to: Stream me a reply", text.toString());
        Response completed = events.get(events.size() - 1).completed().orElseThrow().response();
        assertEquals(text.toString(), outputText(completed));
        assertEquals(ResponseStatus.COMPLETED, completed.status().orElseThrow());
        assertEquals(4, completed.usage().orElseThrow().inputTokens());
        assertEquals(8, completed.usage().orElseThrow().outputTokens());
        assertEquals(events.get(0).created().orElseThrow().response().id(), completed.id());
    }

    /** Gemini 3 (as the simulator plays it) refuses a function call sent back without its thoughtSignature. */
    @ParameterizedTest
    @CsvSource({"openai/gpt-4o-mini, openai", "anthropic/claude-sonnet-4-5, anthropic",
            "gemini/gemini-2.5-flash, gemini", "gemini/gemini-3-pro-preview, gemini"})
    void toolConversationFunctionCallThenItsOutput(String model, String format) {
        Response first = client.responses().create(ResponseCreateParams.builder().model(model)
                .input("Weather in Paris?").addTool(weatherTool()).build());

        ResponseFunctionToolCall call = functionCall(first);
        assertEquals("get_weather", call.name());
        assertEquals(Map.of("city", "sim"), parse(call.arguments()));
        assertTrue(call.callId().length() > 0);

        // Stateless, as OpenAI documents it: the whole output goes back (reasoning included), then the call's output.
        List<ResponseInputItem> conversation = new ArrayList<>();
        conversation.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                .role(EasyInputMessage.Role.USER).content("Weather in Paris?").build()));
        for (ResponseOutputItem item : first.output()) {
            if (item.isReasoning()) {
                conversation.add(ResponseInputItem.ofReasoning(item.asReasoning()));
            } else if (item.isFunctionCall()) {
                conversation.add(ResponseInputItem.ofFunctionCall(item.asFunctionCall()));
            } else if (item.isMessage()) {
                conversation.add(ResponseInputItem.ofResponseOutputMessage(item.asMessage()));
            }
        }
        conversation.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(call.callId()).output("sunny, 21C").build()));
        Response second = client.responses().create(ResponseCreateParams.builder().model(model)
                .inputOfResponse(conversation).addTool(weatherTool()).build());

        assertEquals("Simulated " + format + " answer to tool result: sunny, 21C", outputText(second));
    }

    @ParameterizedTest
    @CsvSource({"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"})
    void streamedFunctionCallAssemblesItsArguments(String model) {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model(model).input("Weather in Paris?").addTool(weatherTool())
                        .build())) {
            stream.stream().forEach(events::add);
        }

        events.forEach(ResponseStreamEvent::validate);
        StringBuilder arguments = new StringBuilder();
        events.forEach(e -> e.functionCallArgumentsDelta().ifPresent(d -> arguments.append(d.delta())));
        assertEquals(Map.of("city", "sim"), parse(arguments.toString()));
        var done = events.stream().flatMap(e -> e.functionCallArgumentsDone().stream()).toList();
        assertEquals(1, done.size());
        assertEquals(arguments.toString(), done.get(0).arguments());
        ResponseFunctionToolCall call = events.stream().flatMap(e -> e.outputItemDone().stream())
                .map(d -> d.item()).filter(ResponseOutputItem::isFunctionCall)
                .map(ResponseOutputItem::asFunctionCall).findFirst().orElseThrow();
        assertEquals("get_weather", call.name());
        assertEquals(done.get(0).itemId(), call.id().orElseThrow());
        Response completed = events.get(events.size() - 1).completed().orElseThrow().response();
        assertEquals(call.callId(), completed.output().stream().filter(ResponseOutputItem::isFunctionCall)
                .findFirst().orElseThrow().asFunctionCall().callId());
    }

    /** The response's first function call. */
    static ResponseFunctionToolCall functionCall(Response response) {
        return response.output().stream().filter(ResponseOutputItem::isFunctionCall)
                .map(ResponseOutputItem::asFunctionCall).findFirst().orElseThrow();
    }

    /** The text of the response's messages, as the SDK's users read it. */
    static String outputText(Response response) {
        StringBuilder text = new StringBuilder();
        response.output().stream().filter(ResponseOutputItem::isMessage)
                .flatMap(m -> m.asMessage().content().stream()).filter(c -> c.isOutputText())
                .forEach(c -> text.append(c.asOutputText().text()));
        return text.toString();
    }

    /** Anthropic's extended thinking with tool use, as its reference shows it. */
    static final String ANTHROPIC_THINKING_ANSWER = """
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"thinking","thinking":"The user wants Paris's weather: call get_weather.",
                         "signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},
                        {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":20,"output_tokens":50,"cache_read_input_tokens":80,"cache_creation_input_tokens":0}}""";
    /** Gemini 2.5 with thought summaries: the signature rides on the functionCall part. */
    static final String GEMINI_THINKING_ANSWER = """
            {"candidates":[{"content":{"role":"model","parts":[
               {"text":"The user wants Paris's weather: call get_weather.","thought":true},
               {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"CiQBVKhc7zZ0yTq"}]},
              "finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":20,"thoughtsTokenCount":30,
                              "totalTokenCount":150,"cachedContentTokenCount":80},
             "modelVersion":"gemini-2.5-flash"}""";

    /**
     * A thinking model's tool turn, replayed by the client as OpenAI documents for stateless use (reasoning item,
     * function_call, function_call_output): the provider gets its thinking back with the signature it gave.
     */
    @ParameterizedTest
    @CsvSource({"anthropic/claude-sonnet-4-5, anthropic", "gemini/gemini-2.5-flash, gemini"})
    void reasoningItemCarriesTheSignatureBackToTheProvider(String model, String format) throws Exception {
        simulator.enqueue(io.camelgateway.simulator.Fault.raw(format.equals("anthropic") ? ANTHROPIC_THINKING_ANSWER
                : GEMINI_THINKING_ANSWER));
        Response first = client.responses().create(ResponseCreateParams.builder().model(model)
                .input("Weather in Paris?").addTool(weatherTool())
                .reasoning(com.openai.models.Reasoning.builder().effort(com.openai.models.ReasoningEffort.HIGH)
                        .build()).build());

        first.validate();
        var reasoning = first.output().get(0).asReasoning();
        assertEquals("The user wants Paris's weather: call get_weather.", reasoning.summary().get(0).text());
        String signature = format.equals("anthropic") ? "EqQBCgIYAhIM1gbcDa9GJwZA2b3h" : "CiQBVKhc7zZ0yTq";
        assertEquals(signature, reasoning.encryptedContent().orElseThrow());
        assertEquals(80, first.usage().orElseThrow().inputTokensDetails().cachedTokens());
        assertEquals(format.equals("gemini") ? 30 : 0,
                first.usage().orElseThrow().outputTokensDetails().reasoningTokens());
        var askedFor = parseTree(simulator.received().get(0).body());
        assertTrue(format.equals("anthropic") ? askedFor.at("/thinking/budget_tokens").asInt() > 0
                : askedFor.at("/generationConfig/thinkingConfig/thinkingBudget").asInt() > 0, askedFor.toString());

        ResponseFunctionToolCall call = first.output().get(1).asFunctionCall();
        List<ResponseInputItem> replay = List.of(
                ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder().role(EasyInputMessage.Role.USER)
                        .content("Weather in Paris?").build()),
                ResponseInputItem.ofReasoning(reasoning),
                ResponseInputItem.ofFunctionCall(call),
                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                        .callId(call.callId()).output("sunny, 21C").build()));
        Response second = client.responses().create(ResponseCreateParams.builder().model(model)
                .inputOfResponse(replay).addTool(weatherTool()).store(false).build());

        assertEquals("Simulated " + format + " answer to tool result: sunny, 21C", outputText(second));
        var sent = parseTree(lastRequest().body());
        if (format.equals("anthropic")) {
            var turn = sent.at("/messages/1/content");
            assertEquals("thinking", turn.get(0).get("type").asText(), sent.toString());
            assertEquals("The user wants Paris's weather: call get_weather.", turn.get(0).get("thinking").asText());
            assertEquals(signature, turn.get(0).get("signature").asText());
            assertEquals("tool_use", turn.get(1).get("type").asText());
        } else {
            var parts = sent.at("/contents/1/parts");
            var functionCall = java.util.stream.StreamSupport.stream(parts.spliterator(), false)
                    .filter(p -> p.has("functionCall")).findFirst().orElseThrow(() -> new AssertionError(sent));
            assertEquals(signature, functionCall.get("thoughtSignature").asText(), sent.toString());
        }
    }

    static String type(ResponseStreamEvent event) {
        return asJson(event).path("type").asText();
    }

    private static long sequence(ResponseStreamEvent event) {
        return asJson(event).path("sequence_number").asLong(-1);
    }

    /** The event as it came, which the SDK keeps. */
    static com.fasterxml.jackson.databind.JsonNode asJson(ResponseStreamEvent event) {
        try {
            return parseTree(com.openai.core.ObjectMappers.jsonMapper().writeValueAsString(event));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** The roles of the messages the provider received, in its own format. */
    static List<String> roles(RecordedRequest request, String format) {
        var body = parseTree(request.body());
        List<String> roles = new ArrayList<>();
        switch (format) {
            case "openai" -> body.path("messages").forEach(m -> roles.add(m.path("role").asText()));
            case "anthropic" -> {
                if (body.has("system")) {
                    roles.add("system");
                }
                body.path("messages").forEach(m -> roles.add(m.path("role").asText()));
            }
            case "gemini" -> {
                if (body.has("systemInstruction")) {
                    roles.add("system");
                }
                body.path("contents").forEach(m -> roles.add(m.path("role").asText()));
            }
            default -> throw new IllegalArgumentException(format);
        }
        return roles;
    }

    private static RecordedRequest lastRequest() {
        List<RecordedRequest> received = simulator.received();
        assertFalse(received.isEmpty(), "the provider received nothing");
        return received.get(received.size() - 1);
    }

    static FunctionTool weatherTool() {
        return FunctionTool.builder().name("get_weather").description("Current weather in a city").strict(false)
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
    }

    private static com.fasterxml.jackson.databind.JsonNode parseTree(String json) {
        try {
            return io.camelgateway.api.Json.tree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        try {
            return io.camelgateway.api.Json.MAPPER.readValue(json, Map.class);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
