package io.camelgateway.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.ToolCall;
import io.camelgateway.provider.SseEvent;
import io.camelgateway.provider.StreamTranslator;

class AnthropicStreamTranslatorTest {

    private final StreamTranslator translator =
            new AnthropicTranslator().streamTranslator(new ChatRequest(), AnthropicTranslatorTest.target());

    private static final SseEvent MESSAGE_START = new SseEvent("message_start", """
            {"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","type":"message",
             "role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,
             "stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}""");

    private List<ChatCompletionChunk> translate(SseEvent... events) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        for (SseEvent event : events) {
            chunks.addAll(translator.translate(event));
        }
        return chunks;
    }

    private static SseEvent event(String name, String data) {
        return new SseEvent(name, data);
    }

    private static String text(List<ChatCompletionChunk> chunks) {
        StringBuilder text = new StringBuilder();
        for (ChatCompletionChunk chunk : chunks) {
            for (ChatCompletionChunk.Choice choice : chunk.choices) {
                if (choice.delta.content != null) {
                    text.append(choice.delta.content);
                }
            }
        }
        return text.toString();
    }

    /** Assembles streamed tool calls the way an OpenAI client does: by index, appending arguments. */
    private static Map<Integer, ToolCall> toolCalls(List<ChatCompletionChunk> chunks) {
        Map<Integer, ToolCall> calls = new TreeMap<>();
        for (ChatCompletionChunk chunk : chunks) {
            for (ChatCompletionChunk.Choice choice : chunk.choices) {
                if (choice.delta.toolCalls == null) {
                    continue;
                }
                for (ToolCall delta : choice.delta.toolCalls) {
                    ToolCall call = calls.computeIfAbsent(delta.index, i -> ToolCall.of(null, null, ""));
                    if (delta.id != null) {
                        call.id = delta.id;
                    }
                    if (delta.function.name != null) {
                        call.function.name = delta.function.name;
                    }
                    call.function.arguments += delta.function.arguments;
                }
            }
        }
        return calls;
    }

    private static String finishReason(List<ChatCompletionChunk> chunks) {
        String finish = null;
        for (ChatCompletionChunk chunk : chunks) {
            for (ChatCompletionChunk.Choice choice : chunk.choices) {
                if (choice.finishReason != null) {
                    finish = choice.finishReason;
                }
            }
        }
        return finish;
    }

    @Test
    void textStreamAssemblesTextAndEndsWithUsage() throws IOException {
        List<ChatCompletionChunk> chunks = translate(
                MESSAGE_START,
                event("content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("ping", "{\"type\": \"ping\"}"),
                event("content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}"),
                event("content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"!\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("message_delta", """
                        {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},
                         "usage":{"output_tokens":15}}"""),
                event("message_stop", "{\"type\":\"message_stop\"}"));

        assertEquals(5, chunks.size());
        ChatCompletionChunk first = chunks.get(0);
        assertEquals("assistant", first.choices.get(0).delta.role);
        assertEquals("", first.choices.get(0).delta.content);
        assertEquals("Hello!", text(chunks));
        assertEquals("stop", finishReason(chunks));
        for (ChatCompletionChunk chunk : chunks) {
            assertEquals("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", chunk.id);
            assertEquals("chat.completion.chunk", chunk.object);
            assertEquals("claude-sonnet-4-5-20250929", chunk.model);
            assertEquals(first.created, chunk.created);
        }

        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.isUsageOnly());
        assertEquals(25, last.usage.promptTokens);
        assertEquals(15, last.usage.completionTokens);
        assertEquals(40, last.usage.totalTokens);
        assertEquals(Json.tree("[]"), Json.tree(Json.writeString(last)).get("choices"));
        assertTrue(translator.finished());
    }

    @Test
    void streamIsNotFinishedBeforeMessageStop() {
        translate(MESSAGE_START,
                event("content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}"));

        assertFalse(translator.finished());
    }

    @Test
    void toolUseStreamsAsOpenAiToolCallDeltas() throws IOException {
        List<ChatCompletionChunk> chunks = translate(
                MESSAGE_START,
                event("content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("content_block_delta", """
                        {"type":"content_block_delta","index":0,"delta":{"type":"text_delta",
                         "text":"Okay, let's check the weather for San Francisco, CA:"}}"""),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("content_block_start", """
                        {"type":"content_block_start","index":1,"content_block":{"type":"tool_use",
                         "id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}"""),
                event("content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}"),
                event("content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\":\"}}"),
                event("content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\" \\\"San Fra\"}}"),
                event("content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"ncisco, CA\\\"\"}}"),
                event("content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\", \\\"unit\\\": \\\"fahrenheit\\\"}\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
                event("message_delta", """
                        {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},
                         "usage":{"output_tokens":89}}"""),
                event("message_stop", "{\"type\":\"message_stop\"}"));

        assertEquals("Okay, let's check the weather for San Francisco, CA:", text(chunks));
        Map<Integer, ToolCall> calls = toolCalls(chunks);
        assertEquals(List.of(0), List.copyOf(calls.keySet()));
        ToolCall call = calls.get(0);
        assertEquals("toolu_01T1x1fJ34qAmk2tNTrN7Up6", call.id);
        assertEquals("get_weather", call.function.name);
        assertEquals(Json.tree("{\"location\":\"San Francisco, CA\",\"unit\":\"fahrenheit\"}"),
                Json.tree(call.function.arguments));
        assertEquals("tool_calls", finishReason(chunks));
        assertEquals(89, chunks.get(chunks.size() - 1).usage.completionTokens);
    }

    @Test
    void toolCallStartCarriesIdNameAndEmptyArguments() {
        List<ChatCompletionChunk> chunks = translate(MESSAGE_START, event("content_block_start", """
                {"type":"content_block_start","index":0,"content_block":{"type":"tool_use",
                 "id":"toolu_01","name":"get_time","input":{}}}"""));

        ToolCall start = chunks.get(1).choices.get(0).delta.toolCalls.get(0);
        assertEquals(0, start.index);
        assertEquals("toolu_01", start.id);
        assertEquals("function", start.type);
        assertEquals("get_time", start.function.name);
        assertEquals("", start.function.arguments);
    }

    @Test
    void eachToolUseBlockGetsTheNextToolCallIndex() {
        List<ChatCompletionChunk> chunks = translate(MESSAGE_START,
                event("content_block_start", """
                        {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"""),
                event("content_block_delta", """
                        {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Two cities."}}"""),
                event("content_block_delta", """
                        {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAh"}}"""),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("content_block_start", """
                        {"type":"content_block_start","index":1,"content_block":{"type":"tool_use",
                         "id":"toolu_sf","name":"get_weather","input":{}}}"""),
                event("content_block_delta", """
                        {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":\\"SF\\"}"}}"""),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
                event("content_block_start", """
                        {"type":"content_block_start","index":2,"content_block":{"type":"tool_use",
                         "id":"toolu_paris","name":"get_weather","input":{}}}"""),
                event("content_block_delta", """
                        {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":\\"Paris\\"}"}}"""),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}"));

        assertEquals("", text(chunks));
        Map<Integer, ToolCall> calls = toolCalls(chunks);
        assertEquals("toolu_sf", calls.get(0).id);
        assertEquals("{\"location\":\"SF\"}", calls.get(0).function.arguments);
        assertEquals("toolu_paris", calls.get(1).id);
        assertEquals("{\"location\":\"Paris\"}", calls.get(1).function.arguments);
        // role, thinking text, its signature, two starts, two argument fragments
        assertEquals(7, chunks.size());
        assertEquals("Two cities.", chunks.get(1).choices.get(0).delta.reasoningContent);
        assertEquals("EqQBCgIYAh", chunks.get(2).choices.get(0).delta.thinkingBlocks.get(0).signature);
    }

    @Test
    void toolUseWithoutInputGetsEmptyObjectArguments() {
        List<ChatCompletionChunk> chunks = translate(MESSAGE_START,
                event("content_block_start", """
                        {"type":"content_block_start","index":0,"content_block":{"type":"tool_use",
                         "id":"toolu_01","name":"get_time","input":{}}}"""),
                event("content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));

        assertEquals("{}", toolCalls(chunks).get(0).function.arguments);
    }

    @Test
    void firstTextInContentBlockStartIsStreamed() {
        List<ChatCompletionChunk> chunks = translate(MESSAGE_START, event("content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"Hi\"}}"));

        assertEquals("Hi", text(chunks));
    }

    @Test
    void cacheTokensCountInStreamUsage() {
        List<ChatCompletionChunk> chunks = translate(
                event("message_start", """
                        {"type":"message_start","message":{"id":"msg_c","type":"message","role":"assistant",
                         "content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,
                         "usage":{"input_tokens":10,"cache_creation_input_tokens":200,"cache_read_input_tokens":3000,
                                  "output_tokens":1}}}"""),
                event("message_delta", """
                        {"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},
                         "usage":{"output_tokens":50}}"""),
                event("message_stop", "{\"type\":\"message_stop\"}"));

        assertEquals("length", finishReason(chunks));
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertEquals(3210, last.usage.promptTokens);
        assertEquals(50, last.usage.completionTokens);
        assertEquals(3260, last.usage.totalTokens);
    }

    @Test
    void messageDeltaCarriesOnlyTheFinishReason() {
        List<ChatCompletionChunk> chunks = translate(MESSAGE_START, event("message_delta", """
                {"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},
                 "usage":{"output_tokens":3}}"""));

        ChatCompletionChunk.Choice choice = chunks.get(1).choices.get(0);
        assertEquals("stop", choice.finishReason);
        assertNull(choice.delta.content);
        assertNull(choice.delta.role);
        assertNull(choice.delta.toolCalls);
        assertNull(chunks.get(1).usage);
    }

    @Test
    void pingAndUnknownEventsYieldNothing() {
        assertEquals(List.of(), translator.translate(event("ping", "{\"type\": \"ping\"}")));
        assertEquals(List.of(), translator.translate(event("some_future_event", "{\"type\":\"some_future_event\"}")));
        assertEquals(List.of(), translator.translate(event(null, "{\"type\":\"ping\"}")));
    }

    @Test
    void eventTypeIsReadFromDataWhenTheEventHasNoName() {
        List<ChatCompletionChunk> chunks = translate(new SseEvent(null, MESSAGE_START.data()));

        assertEquals("assistant", chunks.get(0).choices.get(0).delta.role);
    }

    @Test
    void overloadedErrorEventBecomes503() {
        translate(MESSAGE_START);
        GatewayException e = assertThrows(GatewayException.class, () -> translator.translate(event("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));

        assertEquals(503, e.status());
        assertEquals("server_error", e.type());
        assertEquals("provider_overloaded", e.code());
        assertTrue(e.getMessage().startsWith("Provider 'anthropic' "), e.getMessage());
        assertTrue(e.getMessage().contains("Overloaded"), e.getMessage());
    }

    @Test
    void otherErrorEventBecomes502() {
        GatewayException e = assertThrows(GatewayException.class, () -> translator.translate(event("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}")));

        assertEquals(502, e.status());
        assertEquals("server_error", e.type());
        assertEquals("upstream_error", e.code());
        assertTrue(e.getMessage().startsWith("Provider 'anthropic' "), e.getMessage());
        assertTrue(e.getMessage().contains("Internal server error"), e.getMessage());
    }

    @Test
    void malformedEventDataBecomes502InvalidResponse() {
        GatewayException e = assertThrows(GatewayException.class,
                () -> translator.translate(event("content_block_delta", "{\"type\":\"content_block_delta\",")));

        assertEquals(502, e.status());
        assertEquals("upstream_invalid_response", e.code());
        assertTrue(e.getMessage().contains("'anthropic'"), e.getMessage());
    }
}
