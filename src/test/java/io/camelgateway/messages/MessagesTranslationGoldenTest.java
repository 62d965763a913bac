package io.camelgateway.messages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.Json;
import io.camelgateway.api.Usage;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.SseEvent;
import io.camelgateway.provider.SseParser;
import io.camelgateway.provider.StreamTranslator;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.anthropic.AnthropicTranslator;
import io.camelgateway.provider.gemini.GeminiTranslator;
import io.camelgateway.provider.openai.OpenAiTranslator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The providers' own reference shapes (src/test/resources/golden) through the gateway's translations: into the
 * canonical model, out to a Messages caller, and back to the provider on the next turn.
 */
class MessagesTranslationGoldenTest {
    private static final String ANTHROPIC_SIGNATURE =
            "WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL....";
    private static final String GEMINI_SIGNATURE = "CiUBVKhc7oDfnvLYnvGB8kzp+TW8KZd9AU0v4pU0ehRfU8s4DM=";

    @Test
    void anthropicThinkingAnswerReachesAMessagesCallerAsItWasAndGoesBackWhole() throws IOException {
        Target target = target("anthropic", "anthropic", "claude-sonnet-4-5");
        AnthropicTranslator anthropic = new AnthropicTranslator();
        JsonNode golden = Json.tree(resource("anthropic-thinking-answer.json"));
        ChatCompletion canonical = anthropic.chatResponse(resource("anthropic-thinking-answer.json"), target);

        JsonNode toCaller = MessagesAnswer.of(canonical);
        assertEquals(golden.get("content"), toCaller.get("content"));
        assertEquals(golden.get("usage"), toCaller.get("usage"));
        assertEquals(golden.get("stop_reason"), toCaller.get("stop_reason"));
        assertEquals(21 + 188086, canonical.usage.promptTokens);
        assertEquals(188086, canonical.usage.cacheCreationTokens());

        JsonNode nextTurn = nextTurn(anthropic, target, canonical.choices.get(0).message);
        assertEquals(golden.get("content"), nextTurn.path("messages").path(1).path("content"));
    }

    @Test
    void anthropicThinkingStreamReachesAMessagesCallerEventForEvent() throws IOException {
        Target target = target("anthropic", "anthropic", "claude-sonnet-4-5");
        List<ChatCompletionChunk> chunks = translate(new AnthropicTranslator().streamTranslator(new ChatRequest(),
                target), resource("anthropic-thinking-stream.txt"));

        MessagesEvents events = new MessagesEvents();
        ByteBuf out = Unpooled.buffer();
        chunks.forEach(chunk -> events.chunk(out, chunk));
        events.end(out, null);
        List<SseEvent> given = parse(resource("anthropic-thinking-stream.txt"));
        List<SseEvent> sent = parse(out.toString(StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));

        // The same events in the same order (a ping after message_start, as Anthropic sends one), and the same
        // blocks and deltas; message_start's counts move to message_delta, where the stream's totals are.
        List<SseEvent> withoutPing = sent.stream().filter(e -> !"ping".equals(e.event())).toList();
        assertEquals(given.stream().map(SseEvent::event).toList(), withoutPing.stream().map(SseEvent::event).toList());
        for (int i = 1; i < given.size() - 2; i++) {
            assertEquals(Json.tree(given.get(i).data()), Json.tree(withoutPing.get(i).data()), given.get(i).event());
        }
        JsonNode usage = Json.tree(withoutPing.get(withoutPing.size() - 2).data()).path("usage");
        assertEquals(25, usage.path("input_tokens").asInt());
        assertEquals(1800, usage.path("cache_read_input_tokens").asInt());
        assertEquals(112, usage.path("output_tokens").asInt());
    }

    @Test
    void geminiThoughtSignatureRidesTheThinkingBlockAndGoesBackOnTheFunctionCall() throws IOException {
        Target target = target("gemini", "gemini", "gemini-3-pro-preview");
        GeminiTranslator gemini = new GeminiTranslator();
        ChatCompletion canonical = gemini.chatResponse(resource("gemini-thought-signature-answer.json"), target);

        JsonNode toCaller = MessagesAnswer.of(canonical);
        JsonNode thinking = toCaller.path("content").path(0);
        assertEquals("thinking", thinking.path("type").asText());
        assertTrue(thinking.path("thinking").asText().startsWith("**Planning the flight check**"));
        assertEquals(GEMINI_SIGNATURE, thinking.path("signature").asText());
        assertEquals("tool_use", toCaller.path("content").path(1).path("type").asText());
        assertEquals("{\"flight\":\"AA100\"}", toCaller.path("content").path(1).path("input").toString());
        assertEquals(2152 - 2027, toCaller.path("usage").path("input_tokens").asInt());
        assertEquals(2027, toCaller.path("usage").path("cache_read_input_tokens").asInt());
        assertEquals(18 + 93, toCaller.path("usage").path("output_tokens").asInt());

        // The caller sends its turn back as Anthropic blocks; Gemini gets its signature on the function call.
        ChatRequest back = MessagesRequest.read(Json.tree("""
                {"model":"gemini/gemini-3-pro-preview","max_tokens":100,"messages":[
                 {"role":"user","content":"Is AA100 on time?"},
                 {"role":"assistant","content":%s},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"%s","content":"On time"}]}]}"""
                .formatted(toCaller.get("content"), toCaller.path("content").path(1).path("id").asText())), false);
        JsonNode model = Json.tree(gemini.chatCall(back, target).body()).path("contents").path(1);
        assertEquals("model", model.path("role").asText());
        JsonNode call = model.path("parts").path(0);
        assertEquals("check_flight", call.path("functionCall").path("name").asText());
        assertEquals(GEMINI_SIGNATURE, call.path("thoughtSignature").asText());
        assertTrue(model.toString().indexOf("Planning") < 0, "thought text is not sent back to Gemini");
    }

    @Test
    void openAiCachedAndReasoningTokensAreKeptAndShownAsAnthropicsCacheRead() throws IOException {
        Target target = target("openai", "openai", "o4-mini");
        ChatCompletion canonical = new OpenAiTranslator().chatResponse(resource("openai-cached-usage-answer.json"),
                target);

        Usage usage = canonical.usage;
        assertEquals(1920, usage.cachedTokens());
        assertEquals(192, usage.reasoningTokens());
        JsonNode toCaller = MessagesAnswer.of(canonical).path("usage");
        assertEquals(2006 - 1920, toCaller.path("input_tokens").asInt());
        assertEquals(1920, toCaller.path("cache_read_input_tokens").asInt());
        assertEquals(300, toCaller.path("output_tokens").asInt());
        JsonNode toChatCaller = Json.MAPPER.valueToTree(usage);
        assertEquals(1920, toChatCaller.path("prompt_tokens_details").path("cached_tokens").asInt());
        assertEquals(192, toChatCaller.path("completion_tokens_details").path("reasoning_tokens").asInt());
    }

    @Test
    void anthropicSignedThinkingIsNotSentToOpenAi() throws IOException {
        Target anthropicTarget = target("anthropic", "anthropic", "claude-sonnet-4-5");
        ChatCompletion canonical = new AnthropicTranslator().chatResponse(resource("anthropic-thinking-answer.json"),
                anthropicTarget);
        ChatMessage answer = canonical.choices.get(0).message;
        assertEquals(ANTHROPIC_SIGNATURE, answer.thinkingBlocks.get(0).signature);

        JsonNode toOpenAi = nextTurn(new OpenAiTranslator(), target("openai", "openai", "gpt-4o"), answer);
        JsonNode assistant = toOpenAi.path("messages").path(1);
        assertEquals("Based on my analysis...", assistant.path("content").asText());
        assertTrue(assistant.path("thinking_blocks").isMissingNode());
        assertTrue(assistant.path("reasoning_content").isMissingNode());
    }

    private static JsonNode nextTurn(io.camelgateway.provider.ProviderTranslator translator, Target target,
                                     ChatMessage answer) throws IOException {
        ChatRequest request = new ChatRequest();
        request.model = target.requestedModel();
        request.maxTokens = 100;
        request.messages = new ArrayList<>(List.of(new ChatMessage("user", "Go on"), answer,
                new ChatMessage("user", "And then?")));
        return Json.tree(translator.chatCall(request, target).body());
    }

    private static List<ChatCompletionChunk> translate(StreamTranslator translator, byte[] stream) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        parse(stream).forEach(event -> chunks.addAll(translator.translate(event)));
        assertTrue(translator.finished());
        return chunks;
    }

    private static List<SseEvent> parse(byte[] stream) {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        parser.feed(stream);
        parser.finish();
        return events;
    }

    private static Target target(String name, String format, String model) {
        return new Target(new ProviderConfig(name, format, "https://" + name + ".example", "env:KEY", null, Map.of(),
                Map.of(), List.of(model), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), 0,
                Map.of()), model, name + "/" + model);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = MessagesTranslationGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return in.readAllBytes();
        }
    }
}
