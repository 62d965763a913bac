package io.camelgateway.provider.bedrock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.SseEvent;
import io.camelgateway.provider.StreamTranslator;
import io.camelgateway.provider.Target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Converse shapes as the Bedrock API reference shows them, both ways. */
class BedrockTranslatorTest {
    private static final Target TARGET = new Target(new ProviderConfig("bedrock", "bedrock",
            "https://bedrock-runtime.us-east-1.amazonaws.com", "file:/etc/aws.json", null, Map.of(), Map.of(),
            List.of(), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), 0, Map.of(),
            "us-east-1", null), "anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock/claude");
    private final BedrockTranslator translator = new BedrockTranslator();

    private static ChatRequest request(String json) throws Exception {
        return Json.MAPPER.readValue(json, ChatRequest.class);
    }

    @Test
    void systemToolTurnsAndImagesTakeConversesShape() throws Exception {
        ChatRequest request = request("""
                {"model":"m","max_tokens":100,"temperature":0.2,"stop":["END"],"messages":[
                 {"role":"system","content":"be brief"},
                 {"role":"user","content":[{"type":"text","text":"look"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
                 {"role":"assistant","content":null,"tool_calls":[
                   {"id":"t1","type":"function","function":{"name":"a","arguments":"{\\"x\\":1}"}},
                   {"id":"t2","type":"function","function":{"name":"b","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"t1","content":"one"},
                 {"role":"tool","tool_call_id":"t2","content":"two"}],
                 "tools":[{"type":"function","function":{"name":"a","parameters":{"type":"object"}}}],
                 "tool_choice":"required"}""");
        JsonNode body = Json.tree(translator.chatCall(request, TARGET).body());

        assertEquals("be brief", body.path("system").path(0).path("text").asText());
        assertEquals(3, body.path("messages").size(), "tool results share one user turn: " + body);
        assertEquals("png", body.path("messages").path(0).path("content").path(1).path("image").path("format")
                .asText());
        assertEquals(1, body.path("messages").path(1).path("content").path(0).path("toolUse").path("input")
                .path("x").asInt());
        assertEquals("t2", body.path("messages").path(2).path("content").path(1).path("toolResult")
                .path("toolUseId").asText());
        assertEquals(100, body.path("inferenceConfig").path("maxTokens").asInt());
        assertEquals("END", body.path("inferenceConfig").path("stopSequences").path(0).asText());
        assertTrue(body.path("toolConfig").path("toolChoice").has("any"), body.toString());
        assertEquals("https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1"
                + "%3A0/converse", translator.chatCall(request, TARGET).uri().toString());
    }

    @Test
    void anImageLinkIsRefusedAsBedrockCannotFetchIt() throws Exception {
        ChatRequest request = request("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}""");

        GatewayException e = assertThrows(GatewayException.class, () -> translator.chatCall(request, TARGET));
        assertEquals(400, e.status());
    }

    @Test
    void cachedPromptTokensCountAsPromptTokensAndAreSaidToBeCached() throws Exception {
        ChatCompletion completion = translator.chatResponse("""
                {"output":{"message":{"role":"assistant","content":[{"text":"Hi."},
                  {"toolUse":{"toolUseId":"tooluse_1","name":"get","input":{"q":"x"}}}]}},
                 "stopReason":"tool_use",
                 "usage":{"inputTokens":10,"outputTokens":5,"totalTokens":1015,"cacheReadInputTokens":800,
                          "cacheWriteInputTokens":200},
                 "metrics":{"latencyMs":300}}""".getBytes(), TARGET);

        assertEquals("tool_calls", completion.choices.get(0).finishReason);
        assertEquals("{\"q\":\"x\"}", completion.choices.get(0).message.toolCalls.get(0).function.arguments);
        assertEquals(1010, completion.usage.promptTokens);
        assertEquals(5, completion.usage.completionTokens);
        assertEquals(800, completion.usage.cachedTokens(), "priced at the cached price");
        assertEquals(200, completion.usage.cacheCreationTokens(), "priced at the cache-write price");
    }

    @Test
    void aConverseStreamBecomesChunksEndingWithUsage() {
        StreamTranslator stream = translator.streamTranslator(new ChatRequest(), TARGET);
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        for (String[] e : new String[][] {
                {"messageStart", "{\"role\":\"assistant\"}"},
                {"contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Let me check\"}}"},
                {"contentBlockStop", "{\"contentBlockIndex\":0}"},
                {"contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_9\","
                        + "\"name\":\"get\"}}}"},
                {"contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"q\\\":\"}}}"},
                {"contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"\\\"x\\\"}\"}}}"},
                {"contentBlockStop", "{\"contentBlockIndex\":1}"},
                {"messageStop", "{\"stopReason\":\"tool_use\"}"},
                {"metadata", "{\"usage\":{\"inputTokens\":7,\"outputTokens\":9,\"totalTokens\":16,"
                        + "\"cacheReadInputTokens\":3},\"metrics\":{\"latencyMs\":50}}"}}) {
            chunks.addAll(stream.translate(new SseEvent(e[0], e[1])));
        }

        assertTrue(stream.finished());
        assertEquals("Let me check", chunks.get(1).choices.get(0).delta.content);
        StringBuilder arguments = new StringBuilder();
        chunks.stream().filter(c -> !c.choices.isEmpty() && c.choices.get(0).delta.toolCalls != null)
                .forEach(c -> arguments.append(c.choices.get(0).delta.toolCalls.get(0).function.arguments));
        assertEquals("{\"q\":\"x\"}", arguments.toString());
        assertEquals("tool_calls", chunks.get(chunks.size() - 2).choices.get(0).finishReason);
        assertEquals(10, chunks.get(chunks.size() - 1).usage.promptTokens);
    }

    @Test
    void aThrottlingExceptionEventIsRateLimiting() {
        StreamTranslator stream = translator.streamTranslator(new ChatRequest(), TARGET);

        GatewayException e = assertThrows(GatewayException.class, () -> stream.translate(
                new SseEvent("throttlingException", "{\"message\":\"Too many tokens, please wait\"}")));
        assertEquals(429, e.status());
        assertEquals("rate_limited", e.code());
    }
}
