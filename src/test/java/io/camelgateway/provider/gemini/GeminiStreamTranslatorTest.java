package io.camelgateway.provider.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.ToolCall;
import io.camelgateway.provider.SseEvent;
import io.camelgateway.provider.StreamTranslator;

class GeminiStreamTranslatorTest {

    private final StreamTranslator stream = new GeminiTranslator().streamTranslator(streamRequest(),
            GeminiTranslatorTest.TARGET);

    @Test
    void textStreamAssemblesContentThenFinishThenUsage() {
        List<ChatCompletionChunk> chunks = translateAll(
                """
                {"candidates":[{"content":{"parts":[{"text":"The"}],"role":"model"},"index":0}],\
                "usageMetadata":{"promptTokenCount":8,"totalTokenCount":8},\
                "modelVersion":"gemini-2.5-flash","responseId":"mN0haLKpAoPKnvgP1KGm8Qo"}""",
                """
                {"candidates":[{"content":{"parts":[{"text":" cat sat"}],"role":"model"},"index":0}],\
                "usageMetadata":{"promptTokenCount":8,"totalTokenCount":8},\
                "modelVersion":"gemini-2.5-flash","responseId":"mN0haLKpAoPKnvgP1KGm8Qo"}""",
                """
                {"candidates":[{"content":{"parts":[{"text":" on the mat."}],"role":"model"},\
                "finishReason":"STOP","index":0}],\
                "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":7,"thoughtsTokenCount":3,\
                "totalTokenCount":18},"modelVersion":"gemini-2.5-flash","responseId":"mN0haLKpAoPKnvgP1KGm8Qo"}""");

        assertEquals(5, chunks.size());
        for (ChatCompletionChunk chunk : chunks) {
            assertEquals("chatcmpl-mN0haLKpAoPKnvgP1KGm8Qo", chunk.id);
            assertEquals("gemini-2.5-flash", chunk.model);
            assertEquals("chat.completion.chunk", chunk.object);
        }
        assertEquals("assistant", delta(chunks.get(0)).role);
        assertEquals("The", delta(chunks.get(0)).content);
        assertNull(delta(chunks.get(1)).role);
        assertEquals(" cat sat", delta(chunks.get(1)).content);
        assertEquals(" on the mat.", delta(chunks.get(2)).content);
        assertNull(chunks.get(2).choices.get(0).finishReason);

        ChatCompletionChunk finish = chunks.get(3);
        assertEquals("stop", finish.choices.get(0).finishReason);
        assertNull(delta(finish).content);
        assertNull(finish.usage);

        ChatCompletionChunk usage = chunks.get(4);
        assertTrue(usage.isUsageOnly());
        assertEquals(8, usage.usage.promptTokens);
        assertEquals(10, usage.usage.completionTokens);
        assertEquals(18, usage.usage.totalTokens);
        assertTrue(stream.finished());
    }

    @Test
    void streamIsNotFinishedUntilAFinishReasonArrives() {
        stream.translate(event("""
                {"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"},"index":0}]}"""));

        assertFalse(stream.finished());
    }

    @Test
    void streamedFunctionCallBecomesWholeToolCallDelta() {
        List<ChatCompletionChunk> chunks = translateAll(
                """
                {"candidates":[{"content":{"role":"model","parts":[\
                {"functionCall":{"name":"get_current_weather","args":{"location":"Boston, MA"}}}]},"index":0}],\
                "usageMetadata":{"promptTokenCount":30,"candidatesTokenCount":9,"totalTokenCount":39},\
                "modelVersion":"gemini-2.5-flash","responseId":"fc1"}""",
                """
                {"candidates":[{"content":{"role":"model","parts":[\
                {"functionCall":{"id":"fc-2","name":"get_forecast","args":{"city":"Paris","days":3}}}]},\
                "finishReason":"STOP","index":0}],\
                "usageMetadata":{"promptTokenCount":30,"candidatesTokenCount":18,"totalTokenCount":48},\
                "modelVersion":"gemini-2.5-flash","responseId":"fc1"}""");

        assertEquals(4, chunks.size());
        ChatCompletionChunk.Delta first = delta(chunks.get(0));
        assertEquals("assistant", first.role);
        assertNull(first.content);
        ToolCall weather = first.toolCalls.get(0);
        assertEquals(0, weather.index);
        assertTrue(weather.id.startsWith("call_"), weather.id);
        assertEquals("function", weather.type);
        assertEquals("get_current_weather", weather.function.name);
        assertEquals("{\"location\":\"Boston, MA\"}", weather.function.arguments);

        ToolCall forecast = delta(chunks.get(1)).toolCalls.get(0);
        assertEquals(1, forecast.index);
        assertEquals("fc-2", forecast.id);
        assertEquals("{\"city\":\"Paris\",\"days\":3}", forecast.function.arguments);

        assertEquals("tool_calls", chunks.get(2).choices.get(0).finishReason);
        assertEquals(48, chunks.get(3).usage.totalTokens);
        assertTrue(stream.finished());
    }

    @Test
    void thoughtPartsStreamAsReasoningNotAsAnswerText() {
        List<ChatCompletionChunk> chunks = stream.translate(event("""
                {"candidates":[{"content":{"parts":[{"text":"Considering the question","thought":true}],\
                "role":"model"},"index":0}],"responseId":"t1"}"""));

        assertEquals(1, chunks.size());
        assertEquals("Considering the question", delta(chunks.get(0)).reasoningContent);
        assertEquals(null, delta(chunks.get(0)).content);
    }

    @Test
    void finishWithoutEarlierContentStillCarriesTheRole() {
        List<ChatCompletionChunk> chunks = stream.translate(event("""
                {"candidates":[{"finishReason":"SAFETY","index":0}],\
                "usageMetadata":{"promptTokenCount":5,"totalTokenCount":5}}"""));

        assertEquals(2, chunks.size());
        assertEquals("assistant", delta(chunks.get(0)).role);
        assertEquals("content_filter", chunks.get(0).choices.get(0).finishReason);
        assertEquals(5, chunks.get(1).usage.promptTokens);
        assertTrue(chunks.get(0).id.startsWith("chatcmpl-"));
        assertEquals("gemini-2.5-flash", chunks.get(0).model);
    }

    @Test
    void blockedPromptEndsTheStreamWithContentFilter() {
        List<ChatCompletionChunk> chunks = stream.translate(event("""
                {"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},\
                "usageMetadata":{"promptTokenCount":11,"totalTokenCount":11},"modelVersion":"gemini-2.5-flash"}"""));

        assertEquals(2, chunks.size());
        assertEquals("content_filter", chunks.get(0).choices.get(0).finishReason);
        assertTrue(chunks.get(1).isUsageOnly());
        assertEquals(11, chunks.get(1).usage.promptTokens);
        assertTrue(stream.finished());
    }

    @Test
    void errorEventThrowsNamingTheProvider() {
        GatewayException e = assertThrows(GatewayException.class, () -> stream.translate(event("""
                {"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}}""")));

        assertEquals(502, e.status());
        assertEquals("server_error", e.type());
        assertEquals("upstream_error", e.code());
        assertTrue(e.getMessage().startsWith("Provider 'gemini' "), e.getMessage());
        assertTrue(e.getMessage().contains("An internal error has occurred."), e.getMessage());
    }

    @Test
    void quotaErrorEventIsARateLimit() {
        GatewayException e = assertThrows(GatewayException.class, () -> stream.translate(event("""
                {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).",\
                "status":"RESOURCE_EXHAUSTED"}}""")));

        assertEquals(429, e.status());
        assertEquals("rate_limited", e.code());
    }

    @Test
    void overloadedErrorEventIsUnavailable() {
        GatewayException e = assertThrows(GatewayException.class, () -> stream.translate(event("""
                {"error":{"code":503,"message":"The model is overloaded. Please try again later.",\
                "status":"UNAVAILABLE"}}""")));

        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains("The model is overloaded."), e.getMessage());
    }

    @Test
    void malformedEventIsAnInvalidUpstreamResponse() {
        GatewayException e = assertThrows(GatewayException.class,
                () -> stream.translate(event("{\"candidates\":[{\"content\":")));

        assertEquals(502, e.status());
        assertEquals("upstream_invalid_response", e.code());
    }

    private List<ChatCompletionChunk> translateAll(String... data) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        for (String d : data) {
            chunks.addAll(stream.translate(event(d)));
        }
        return chunks;
    }

    private static SseEvent event(String data) {
        return new SseEvent(null, data);
    }

    private static ChatCompletionChunk.Delta delta(ChatCompletionChunk chunk) {
        return chunk.choices.get(0).delta;
    }

    private static ChatRequest streamRequest() {
        try {
            return GeminiTranslatorTest.request("""
                    {"messages":[{"role":"user","content":"Write a story"}],"stream":true}""");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
