package io.camelgateway.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RequestFingerprintTest {
    private static final String TARGET = "openai/gpt-4o-mini";

    private static String key(String scope, String json) throws IOException {
        return RequestFingerprint.of(scope, TARGET, Json.read(json.getBytes(StandardCharsets.UTF_8),
                ChatRequest.class));
    }

    @Test
    void whatDoesNotChangeTheAnswerDoesNotChangeTheKey() throws IOException {
        String plain = key("team:a", """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"temperature":0,
                 "reasoning_effort":"low","logit_bias":{"1":2}}""");

        assertEquals(plain, key("team:a", """
                {"logit_bias":{"1":2},"reasoning_effort":"low","model":"openai/gpt-4o-mini","stream":true,
                 "stream_options":{"include_usage":true},"user":"u-42","metadata":{"run":"7"},
                 "messages":[{"role":"user","content":"hi"}],"temperature":0}"""));
    }

    @Test
    void whatChangesTheAnswerOrWhoseItIsChangesTheKey() throws IOException {
        String base = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        String key = key("team:a", base + "}");

        assertNotEquals(key, key("team:b", base + "}"));
        assertNotEquals(key, key("team:a", base.replace("hi", "hi!") + "}"));
        assertNotEquals(key, key("team:a", base + ",\"temperature\":1}"));
        assertNotEquals(key, key("team:a", base + ",\"response_format\":{\"type\":\"json_object\"}}"));
        assertNotEquals(key, key("team:a", base + ",\"reasoning_effort\":\"high\"}"));
        assertNotEquals(key, RequestFingerprint.of("team:a", "anthropic/claude-haiku-4-5",
                Json.read((base + "}").getBytes(StandardCharsets.UTF_8), ChatRequest.class)));
    }
}
