package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.inputitems.InputItemListPage;
import com.openai.models.responses.inputitems.InputItemListParams;
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

/**
 * Stored responses through the official OpenAI Java SDK's Responses client: a conversation continued with
 * previous_response_id reaches each provider whole, and stored responses are read, listed and deleted only by
 * their owner.
 */
class StoredResponsesSdkTest extends GatewayTestSupport {
    /** A second team's key (research), which must never see the first caller's responses. */
    private static final String OTHER_TEAM_KEY = "gw-second-caller-key";
    static OpenAIClient client;

    @BeforeAll
    static void client() {
        client = OpenAiSdkTest.sdk(TestGateway.CALLER_KEY);
    }

    /**
     * Three turns, each sending only what is new: the question, the tool's output, a follow-up. The provider gets
     * every earlier turn (the user's question, its own tool call, the tool's output and its answer), and not the
     * first turn's instructions, as OpenAI documents for previous_response_id.
     */
    @ParameterizedTest
    @CsvSource({"openai/gpt-4o-mini, openai, false", "anthropic/claude-sonnet-4-5, anthropic, false",
            "gemini/gemini-2.5-flash, gemini, false", "openai/gpt-4o-mini, openai, true",
            "anthropic/claude-sonnet-4-5, anthropic, true", "gemini/gemini-2.5-flash, gemini, true"})
    void toolConversationContinuesFromTheStore(String model, String format, boolean stream) {
        Response first = create(ResponseCreateParams.builder().model(model).instructions("Answer like a pirate.")
                .input("Weather in Paris?").addTool(ResponsesSdkTest.weatherTool()).build(), stream);
        assertTrue(stored(first), "kept, as OpenAI's default store: true");
        ResponseFunctionToolCall call = ResponsesSdkTest.functionCall(first);

        Response second = answerCall(model, first, call, stream);
        assertEquals("Simulated " + format + " answer to tool result: sunny, 21C",
                ResponsesSdkTest.outputText(second));
        assertEquals(first.id(), second.previousResponseId().orElseThrow());
        List<ResponseItem> secondInput = client.responses().inputItems().list(second.id()).data();
        assertEquals(1, secondInput.size(), "input_items: the response's own request's items");
        assertEquals(call.callId(), secondInput.get(0).asFunctionCallOutput().callId().orElseThrow());

        Response third = create(ResponseCreateParams.builder().model(model).previousResponseId(second.id())
                .input("And tomorrow?").build(), stream);
        assertEquals("Simulated " + format + " answer to: And tomorrow?", ResponsesSdkTest.outputText(third));

        RecordedRequest received = lastRequest();
        assertEquals(List.of("user", format.equals("gemini") ? "model" : "assistant",
                        format.equals("openai") ? "tool" : "user", format.equals("gemini") ? "model" : "assistant",
                        "user"),
                ResponsesSdkTest.roles(received, format), received.body());
        for (String earlier : List.of("Weather in Paris?", "get_weather", "sunny, 21C",
                "Simulated " + format + " answer to tool result: sunny, 21C", "And tomorrow?")) {
            assertTrue(received.body().contains(earlier), earlier + " in " + received.body());
        }
        if (!format.equals("gemini")) {
            assertTrue(received.body().contains(call.callId()), "the call's id links it to its output");
        }
        assertFalse(received.body().contains("pirate"), "instructions are not carried over: " + received.body());
    }

    /**
     * A thinking model's tool turn continued with previous_response_id: the stored reasoning item gives the provider
     * its thinking back with the signature it gave, which Anthropic (thinking on) and Gemini need on the next turn.
     */
    @ParameterizedTest
    @CsvSource({"anthropic/claude-sonnet-4-5, anthropic, false", "gemini/gemini-2.5-flash, gemini, false",
            "anthropic/claude-sonnet-4-5, anthropic, true", "gemini/gemini-2.5-flash, gemini, true"})
    void storedReasoningGoesBackWithItsSignature(String model, String format, boolean stream) throws Exception {
        simulator.enqueue(io.camelgateway.simulator.Fault.raw(format.equals("anthropic")
                ? ResponsesSdkTest.ANTHROPIC_THINKING_ANSWER : ResponsesSdkTest.GEMINI_THINKING_ANSWER));
        Response first = client.responses().create(ResponseCreateParams.builder().model(model)
                .input("Weather in Paris?").addTool(ResponsesSdkTest.weatherTool()).build());
        ResponseFunctionToolCall call = ResponsesSdkTest.functionCall(first);

        Response second = answerCall(model, first, call, stream);

        assertEquals("Simulated " + format + " answer to tool result: sunny, 21C",
                ResponsesSdkTest.outputText(second));
        JsonNode sent = Json.tree(lastRequest().body());
        if (format.equals("anthropic")) {
            JsonNode turn = sent.at("/messages/1/content");
            assertEquals("thinking", turn.get(0).get("type").asText(), sent.toString());
            assertEquals("EqQBCgIYAhIM1gbcDa9GJwZA2b3h", turn.get(0).get("signature").asText());
            assertEquals("tool_use", turn.get(1).get("type").asText());
        } else {
            assertTrue(sent.at("/contents/1/parts").toString().contains("\"thoughtSignature\":\"CiQBVKhc7zZ0yTq\""),
                    sent.toString());
        }
    }

    /** The store keeps the conversation, not the provider: one begun on OpenAI goes on with Claude or Gemini. */
    @ParameterizedTest
    @CsvSource({"anthropic/claude-sonnet-4-5, anthropic", "gemini/gemini-2.5-flash, gemini"})
    void conversationStartedOnOpenAiContinuesOnAnotherProvider(String model, String format) {
        Response first = client.responses().create(ResponseCreateParams.builder().model("openai/gpt-4o-mini")
                .input("What is Camel?").build());

        Response second = client.responses().create(ResponseCreateParams.builder().model(model)
                .previousResponseId(first.id()).input("Say more").build());

        assertEquals("Simulated " + format + " answer to: Say more", ResponsesSdkTest.outputText(second));
        RecordedRequest received = lastRequest();
        assertTrue(received.path().contains(format.equals("anthropic") ? "/v1/messages" : "generateContent"),
                received.path());
        assertTrue(received.body().contains("Simulated openai answer to: What is Camel?"), received.body());
        assertEquals(List.of("user", format.equals("gemini") ? "model" : "assistant", "user"),
                ResponsesSdkTest.roles(received, format));
    }

    /** docs/ingress.md's example: a tool call made by Claude, its output sent to Gemini with previous_response_id. */
    @Test
    void toolCallOfOneProviderIsAnsweredToAnother() {
        Response first = client.responses().create(ResponseCreateParams.builder().model("claude-sonnet")
                .input("Weather in Paris?").addTool(ResponsesSdkTest.weatherTool()).build());
        ResponseFunctionToolCall call = ResponsesSdkTest.functionCall(first);

        Response second = answerCall("gemini/gemini-2.5-flash", first, call, false);

        assertEquals("Simulated gemini answer to tool result: sunny, 21C", ResponsesSdkTest.outputText(second));
        RecordedRequest received = lastRequest();
        assertEquals(List.of("user", "model", "user"), ResponsesSdkTest.roles(received, "gemini"), received.body());
        assertTrue(received.body().contains("\"functionCall\""), received.body());
        assertTrue(received.body().contains("\"functionResponse\""), received.body());
    }

    @Test
    void storedResponseIsRetrievedListedAndDeleted() {
        Response created = client.responses().create(ResponseCreateParams.builder().model("openai/gpt-4o-mini")
                .inputOfResponse(List.of(message("user", "first question"), message("assistant", "an answer"),
                        message("user", "second question")))
                .build());

        Response retrieved = client.responses().retrieve(created.id());
        retrieved.validate();
        assertEquals(created.id(), retrieved.id());
        assertEquals("Simulated openai answer to: second question", ResponsesSdkTest.outputText(retrieved));
        assertEquals(created.usage(), retrieved.usage());

        InputItemListPage newestFirst = client.responses().inputItems().list(created.id(),
                InputItemListParams.builder().limit(2).build());
        newestFirst.data().forEach(ResponseItem::validate);
        assertEquals(List.of("second question", "an answer"), texts(newestFirst.data()));
        assertTrue(newestFirst.hasMore().orElseThrow());
        InputItemListPage rest = newestFirst.nextPage();
        assertEquals(List.of("first question"), texts(rest.data()));
        assertFalse(rest.hasMore().orElseThrow());
        InputItemListPage oldestFirst = client.responses().inputItems().list(created.id(),
                InputItemListParams.builder().order(InputItemListParams.Order.ASC).build());
        assertEquals(List.of("first question", "an answer", "second question"), texts(oldestFirst.data()));

        client.responses().delete(created.id());
        assertThrows(NotFoundException.class, () -> client.responses().retrieve(created.id()));
        BadRequestException gone = assertThrows(BadRequestException.class, () -> client.responses().create(
                ResponseCreateParams.builder().model("openai/gpt-4o-mini").previousResponseId(created.id())
                        .input("more").build()));
        assertEquals("previous_response_not_found", gone.code().orElseThrow());
    }

    @Test
    void anotherTeamCannotSeeReadContinueOrDeleteAResponse() throws Exception {
        Response mine = client.responses().create(ResponseCreateParams.builder().model("openai/gpt-4o-mini")
                .input("my secret plan").build());
        OpenAIClient other = OpenAiSdkTest.sdk(OTHER_TEAM_KEY);
        simulator.clearReceived();

        assertThrows(NotFoundException.class, () -> other.responses().retrieve(mine.id()));
        assertThrows(NotFoundException.class, () -> other.responses().inputItems().list(mine.id()));
        assertThrows(NotFoundException.class, () -> other.responses().delete(mine.id()));
        BadRequestException refused = assertThrows(BadRequestException.class, () -> other.responses().create(
                ResponseCreateParams.builder().model("openai/gpt-4o-mini").previousResponseId(mine.id())
                        .input("what was the plan?").build()));
        assertEquals("previous_response_not_found", refused.code().orElseThrow());
        assertEquals("previous_response_id", refused.param().orElseThrow());
        assertEquals("Previous response with id '" + mine.id() + "' not found.", refused.getMessage()
                .substring(refused.getMessage().indexOf("Previous")));
        assertTrue(simulator.received().isEmpty(), "nothing reached a provider");

        assertEquals(mine.id(), client.responses().retrieve(mine.id()).id(), "still there for its owner");
        HttpResponse<String> raw = Http.get(gateway, "/v1/responses/" + mine.id(), OTHER_TEAM_KEY);
        assertEquals(404, raw.statusCode());
        JsonNode error = Json.tree(raw.body()).get("error");
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals("Response with id '" + mine.id() + "' not found.", error.get("message").asText());
    }

    @ParameterizedTest
    @CsvSource({"false", "true"})
    void storeFalseLeavesNothingToRead(boolean stream) {
        Response unkept = create(ResponseCreateParams.builder().model("openai/gpt-4o-mini").input("forget me")
                .store(false).build(), stream);

        assertFalse(stored(unkept));
        assertThrows(NotFoundException.class, () -> client.responses().retrieve(unkept.id()));
        assertThrows(NotFoundException.class, () -> client.responses().inputItems().list(unkept.id()));
    }

    /** An id from the URL or the body never reaches the store, a log line or a header unless it is a plain id. */
    @Test
    void idsThatAreNotPlainAreRefused() throws Exception {
        for (String path : List.of("/v1/responses/..%2F..%2Fadmin%2Fv1%2Fkeys", "/v1/responses/resp_1%0d%0aX-Evil:%201",
                "/v1/responses/resp_1/../../v1/models", "/v1/responses/resp_1/input_items/x")) {
            HttpResponse<String> r = Http.get(gateway, path, TestGateway.CALLER_KEY);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
            assertFalse(r.headers().map().containsKey("x-evil"), path);
            assertFalse(r.body().contains("\r"), r.body());
        }
        HttpResponse<String> r = Http.post(gateway, "/v1/responses",
                "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"previous_response_id\":\"resp_1\\r\\nX-Evil: 1\"}");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("previous_response_id", Http.error(r).get("param").asText());
        assertFalse(r.body().contains("X-Evil"), r.body());
        HttpResponse<String> list = Http.get(gateway, "/v1/responses", TestGateway.CALLER_KEY);
        assertEquals(405, list.statusCode(), list.body());
        assertEquals("POST", list.headers().firstValue("allow").orElse(null));
        assertTrue(simulator.received().isEmpty());
    }

    /** The Response's store field, which the SDK keeps as an additional property. */
    static boolean stored(Response response) {
        return (Boolean) response._additionalProperties().get("store").asBoolean().orElseThrow();
    }

    /** The text of each message item, in the order given. */
    private static List<String> texts(List<ResponseItem> items) {
        List<String> texts = new ArrayList<>();
        for (ResponseItem item : items) {
            texts.add(item.isResponseInputMessageItem()
                    ? item.asResponseInputMessageItem().content().get(0).asInputText().text()
                    : item.asResponseOutputMessage().content().get(0).asOutputText().text());
        }
        return texts;
    }

    private static ResponseInputItem message(String role, String text) {
        return ResponseInputItem.ofEasyInputMessage(com.openai.models.responses.EasyInputMessage.builder()
                .role(com.openai.models.responses.EasyInputMessage.Role.of(role)).content(text).build());
    }

    /** A response, plain or as the completed event of its stream. */
    /** Continues a stored response with its function call's output, "sunny, 21C". */
    private static Response answerCall(String model, Response previous, ResponseFunctionToolCall call,
                                       boolean stream) {
        return create(ResponseCreateParams.builder().model(model).previousResponseId(previous.id())
                .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(
                        ResponseInputItem.FunctionCallOutput.builder().callId(call.callId()).output("sunny, 21C")
                                .build())))
                .addTool(ResponsesSdkTest.weatherTool()).build(), stream);
    }

    static Response create(ResponseCreateParams params, boolean stream) {
        if (!stream) {
            return client.responses().create(params);
        }
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> response = client.responses().createStreaming(params)) {
            response.stream().forEach(events::add);
        }
        ResponseStreamEvent last = events.get(events.size() - 1);
        return last.completed().orElseThrow(() -> new AssertionError("not completed: " + events)).response();
    }

    private static RecordedRequest lastRequest() {
        List<RecordedRequest> received = simulator.received();
        assertFalse(received.isEmpty(), "the provider received nothing");
        return received.get(received.size() - 1);
    }
}
