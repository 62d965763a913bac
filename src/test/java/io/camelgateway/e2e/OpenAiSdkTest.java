package io.camelgateway.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user of the official OpenAI Java SDK gets through the gateway, for each provider wire format. */
class OpenAiSdkTest extends GatewayTestSupport {
    static OpenAIClient client;

    @BeforeAll
    static void client() {
        client = sdk(TestGateway.CALLER_KEY);
    }

    @BeforeEach
    void reset() {
        simulator.clearReceived();
        simulator.clearFaults();
    }

    static OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().apiKey(key).baseUrl(gateway.baseUrl() + "/v1").maxRetries(0).build();
    }

    @ParameterizedTest
    @CsvSource({"openai/gpt-4o-mini, openai", "azure/gpt-4o, azure", "anthropic/claude-sonnet-4-5, anthropic",
            "gemini/gemini-2.5-flash, gemini"})
    void plainChatAnswersFromEachProviderFormat(String model, String format) {
        ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model).addSystemMessage("Be brief.").addUserMessage("What is Camel?").build());

        assertEquals("Simulated " + format + " answer to: What is Camel?",
                answer.choices().get(0).message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, answer.choices().get(0).finishReason());
        assertEquals(7, answer.usage().orElseThrow().completionTokens());
        assertEquals(5, answer.usage().orElseThrow().promptTokens());
        assertProviderCredentialOnly(format);
    }

    @ParameterizedTest
    @CsvSource({"openai/gpt-4o-mini, openai", "azure/gpt-4o, azure", "anthropic/claude-sonnet-4-5, anthropic",
            "gemini/gemini-2.5-flash, gemini"})
    void streamedChatArrivesInPiecesWithUsage(String model, String format) {
        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(model).addUserMessage("Stream me a reply")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
            });
        }

        assertEquals("Simulated " + format + " answer to: Stream me a reply", text.toString());
        assertTrue(chunks.size() >= 7, "one chunk per word, got " + chunks.size());
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.choices().isEmpty(), "the usage chunk comes last, without choices");
        assertEquals(8, last.usage().orElseThrow().completionTokens());
        assertEquals(4, last.usage().orElseThrow().promptTokens());
        assertTrue(chunks.stream().flatMap(c -> c.choices().stream())
                .anyMatch(c -> c.finishReason().map(ChatCompletionChunk.Choice.FinishReason.STOP::equals)
                        .orElse(false)));
        assertProviderCredentialOnly(format);
    }

    @ParameterizedTest
    @CsvSource({"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"})
    void streamWithoutIncludeUsageHasNoUsageChunk(String model) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(model).addUserMessage("No usage please").build())) {
            stream.stream().forEach(chunks::add);
        }
        assertFalse(chunks.isEmpty());
        assertTrue(chunks.stream().allMatch(c -> c.usage().isEmpty()), "usage was not asked for");
        assertTrue(chunks.stream().noneMatch(c -> c.choices().isEmpty()));
    }

    @ParameterizedTest
    @CsvSource({"openai/gpt-4o-mini, openai", "azure/gpt-4o, azure", "anthropic/claude-sonnet-4-5, anthropic",
            "gemini/gemini-2.5-flash, gemini"})
    void toolCallRoundTrip(String model, String format) {
        ChatCompletion first = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model).addUserMessage("Weather in Paris?").addTool(weatherTool()).build());

        ChatCompletion.Choice choice = first.choices().get(0);
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertEquals("get_weather", call.function().name());
        assertEquals(Map.of("city", "sim"), parse(call.function().arguments()));

        ChatCompletion second = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model).addUserMessage("Weather in Paris?").addTool(weatherTool())
                .addMessage(ChatCompletionAssistantMessageParam.builder().addToolCall(call).build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("sunny, 21C")
                        .build())
                .build());
        assertEquals("Simulated " + format + " answer to tool result: sunny, 21C",
                second.choices().get(0).message().content().orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"openai/gpt-4o-mini", "azure/gpt-4o", "anthropic/claude-sonnet-4-5", "gemini/gemini-2.5-flash"})
    void streamedToolCallAssemblesItsArguments(String model) {
        Map<Long, StringBuilder> arguments = new TreeMap<>();
        Map<Long, String> names = new TreeMap<>();
        List<ChatCompletionChunk.Choice.FinishReason> finishes = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(model).addUserMessage("Weather in Paris?")
                        .addTool(weatherTool()).build())) {
            stream.stream().flatMap(c -> c.choices().stream()).forEach(choice -> {
                choice.finishReason().ifPresent(finishes::add);
                choice.delta().toolCalls().ifPresent(calls -> calls.forEach(call -> {
                    call.function().flatMap(f -> f.name()).ifPresent(n -> names.put(call.index(), n));
                    call.function().flatMap(f -> f.arguments()).ifPresent(a ->
                            arguments.computeIfAbsent(call.index(), i -> new StringBuilder()).append(a));
                }));
            });
        }
        assertEquals(Map.of(0L, "get_weather"), names);
        assertEquals(Map.of("city", "sim"), parse(arguments.get(0L).toString()));
        assertEquals(List.of(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS), finishes);
    }

    @ParameterizedTest
    @CsvSource({"openai/text-embedding-3-small, openai", "azure/text-embedding-3-small, azure",
            "gemini/text-embedding-004, gemini"})
    void embeddingsFromProvidersThatHaveThem(String model, String format) {
        CreateEmbeddingResponse answer = client.embeddings().create(EmbeddingCreateParams.builder()
                .model(model).input(EmbeddingCreateParams.Input.ofArrayOfStrings(List.of("first", "second")))
                .build());

        assertEquals(2, answer.data().size());
        for (var embedding : answer.data()) {
            assertEquals(8, embedding.embedding().size());
            double norm = Math.sqrt(embedding.embedding().stream().mapToDouble(v -> v * v).sum());
            assertEquals(1.0, norm, 1e-3, "the simulator returns unit vectors");
        }
        assertFalse(answer.data().get(0).embedding().equals(answer.data().get(1).embedding()));
        assertProviderCredentialOnly(format);
    }

    @Test
    void localEmbeddingModelRunsInTheGatewayOffline() {
        CreateEmbeddingResponse answer = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("local/all-minilm-l6-v2").input(EmbeddingCreateParams.Input.ofArrayOfStrings(List.of(
                        "What's the weather like?", "How's the weather today?", "Fix this NullPointerException")))
                .build());

        List<List<Float>> v = answer.data().stream().map(e -> e.embedding()).toList();
        assertEquals(384, v.get(0).size());
        assertTrue(cosine(v.get(0), v.get(1)) > 0.6, "paraphrases are close");
        assertTrue(cosine(v.get(0), v.get(2)) < 0.3, "unrelated texts are far apart");
        assertTrue(answer.usage().promptTokens() > 10);
        assertTrue(simulator.received().isEmpty(), "no provider was called");
        assertTrue(client.models().list().data().stream().anyMatch(m -> m.id().equals("local/all-minilm-l6-v2")));
    }

    private static double cosine(List<Float> a, List<Float> b) {
        double dot = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i) * b.get(i);
        }
        return dot;
    }

    @Test
    void embeddingsFromAnthropicAreAClearError() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> client.embeddings().create(
                EmbeddingCreateParams.builder().model("anthropic/claude-sonnet-4-5").input("text").build()));
        assertTrue(e.getMessage().contains("does not offer embeddings"), e.getMessage());
        assertTrue(simulator.received().isEmpty());
    }

    @Test
    void wrongGatewayKeyIs401AndNothingReachesTheProvider() {
        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> sdk("not-a-gateway-key")
                .chat().completions().create(ChatCompletionCreateParams.builder().model("openai/gpt-4o-mini")
                        .addUserMessage("hi").build()));
        assertEquals(401, e.statusCode());
        assertTrue(simulator.received().isEmpty());
    }

    @Test
    void unknownModelIs404() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("no-such-model").addUserMessage("hi").build()));
        assertTrue(e.getMessage().contains("no-such-model"), e.getMessage());
    }

    @Test
    void aliasesAndProviderModelsAreListed() {
        List<String> ids = client.models().list().data().stream().map(m -> m.id()).toList();
        assertTrue(ids.containsAll(List.of("gpt-4o-mini", "claude-sonnet", "openai/text-embedding-3-small")), ids.toString());
        assertEquals("openai/gpt-4o-mini", client.models().retrieve("openai/gpt-4o-mini").id());
    }

    @Test
    void aliasGoesToItsProviderAndModel() {
        ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-sonnet").addUserMessage("Hello").build());
        assertEquals("Simulated anthropic answer to: Hello", answer.choices().get(0).message().content().orElseThrow());
        assertTrue(lastRequest().body().contains("\"model\":\"claude-sonnet-4-5\""), lastRequest().body());
    }

    /** The provider got the gateway's credential for it, and nothing of the caller's key anywhere. */
    private static void assertProviderCredentialOnly(String format) {
        RecordedRequest request = lastRequest();
        String key = TestGateway.PROVIDER_KEYS.get(format);
        switch (format) {
            case "openai" -> assertEquals("Bearer " + key, request.header("authorization"));
            case "azure" -> assertEquals(key, request.header("api-key"));
            case "anthropic" -> assertEquals(key, request.header("x-api-key"));
            case "gemini" -> assertEquals(key, request.header("x-goog-api-key"));
            default -> throw new IllegalArgumentException(format);
        }
        String everything = request.headers().toString() + request.body() + request.query();
        assertFalse(everything.contains(TestGateway.CALLER_KEY), "the caller's key reached the provider");
        if (!format.equals("openai")) {
            assertEquals(null, request.header("authorization"), "no Authorization header for " + format);
        }
    }

    private static RecordedRequest lastRequest() {
        List<RecordedRequest> received = simulator.received();
        assertFalse(received.isEmpty(), "the provider received nothing");
        return received.get(received.size() - 1);
    }

    private static ChatCompletionFunctionTool weatherTool() {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather").description("Current weather in a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build()).build();
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
