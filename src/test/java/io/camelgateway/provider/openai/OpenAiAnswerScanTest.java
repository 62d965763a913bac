package io.camelgateway.provider.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatCompletionAsSent;
import io.camelgateway.api.Json;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.InvalidAnswerException;
import io.camelgateway.provider.Target;

/**
 * An OpenAI-format answer for a caller who speaks OpenAI's format goes on as it was sent: what the caller sees holds
 * every field the translated answer held, with the same values, and the usage metering reads is the translation's.
 */
class OpenAiAnswerScanTest {
    private static final String TOOL_CALL_WITHOUT_USAGE = """
            {"id":"chatcmpl-9","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1",
             "type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
             "finish_reason":"tool_calls"},
             {"index":1,"message":{"role":"assistant","content":"Sunny."},"finish_reason":"stop"}]}""";

    private final OpenAiTranslator openAi = new OpenAiTranslator();
    private final Target target = target();

    @Test
    void goldenAnswerGoesOnByteForByteWithTheTranslationsUsage() throws IOException {
        byte[] golden = resource("openai-cached-usage-answer.json");
        ChatCompletionAsSent asSent = openAi.chatResponseForOpenAiCaller(golden, target);
        ChatCompletion translated = openAi.chatResponse(golden, target);

        assertSame(golden, asSent.json(), "the provider's bytes, not a copy written again");
        assertEquals(Json.tree(Json.write(translated.usage)), Json.tree(Json.write(asSent.usage())));
        assertEquals(1920, asSent.usage().cachedTokens());
        assertEquals(192, asSent.usage().reasoningTokens());
    }

    @ParameterizedTest
    @ValueSource(strings = {"golden", "tool call without usage"})
    void everyFieldOfTheTranslatedAnswerIsInTheAnswerAsSent(String which) throws IOException {
        byte[] body = which.equals("golden") ? resource("openai-cached-usage-answer.json")
                : TOOL_CALL_WITHOUT_USAGE.getBytes(StandardCharsets.UTF_8);
        ChatCompletionAsSent asSent = openAi.chatResponseForOpenAiCaller(body, target);
        JsonNode translated = Json.tree(Json.write(openAi.chatResponse(body, target)));
        JsonNode toCaller = Json.tree(asSent.json());

        assertContains(translated, toCaller, "");
        assertEquals(translated, Json.tree(Json.write(asSent.parsed())), "read whole for a step that needs it");
    }

    /** Usage as servers write it, strictly or not: the scan reads the same counts as the translation. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}",
        "{\"prompt_tokens\":\"7\",\"completion_tokens\":null,\"total_tokens\":7,\"extra\":{\"a\":[1]}}",
        "{\"prompt_tokens\":7,\"prompt_tokens_details\":null,\"completion_tokens_details\":null}",
        "{\"prompt_tokens\":9,\"prompt_tokens_details\":{\"cached_tokens\":4,\"cache_creation_tokens\":2,"
                + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":null}}",
        "{}",
    })
    void usageIsReadAsTheTranslationReadsIt(String usage) throws IOException {
        byte[] body = ("{\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"usage\":" + usage + "}")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(Json.tree(Json.write(openAi.chatResponse(body, target).usage)),
                Json.tree(Json.write(openAi.chatResponseForOpenAiCaller(body, target).usage())));
    }

    /** Bodies the translation refuses, with its reason: the scan refuses each with the same one. */
    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "<html><body>502 Bad Gateway</body></html>",
        "null",
        "[{\"choices\":[]}]",
        "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"cut",
        "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\"}}]",
        "{}",
        "{\"id\":\"x\",\"choices\":null}",
        "{\"id\":\"x\",\"choices\":[]}",
        "{\"error\":{\"message\":\"quota\",\"type\":\"server_error\"}}",
        "{\"id\":\"x\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\"}]}",
        "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":null}]}",
        "{\"id\":\"x\",\"choices\":[null]}",
        "{\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"usage\":{\"prompt_tokens\":1.5}}",
        "{\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"usage\":{\"prompt_tokens\":\"many\"}}",
        "{\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"usage\":{\"prompt_tokens\":12345678901}}",
        "{\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"usage\":[1,2]}",
        "{\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"usage\":{\"prompt_tokens_details\":{\"cached_tokens\":true}}}",
        "{\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"usage\":{\"completion_tokens_details\":7}}",
    })
    void whatTheTranslationRefusesIsRefusedForTheSameReason(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        InvalidAnswerException translation = assertThrows(InvalidAnswerException.class,
                () -> openAi.chatResponse(bytes, target));
        InvalidAnswerException scan = assertThrows(InvalidAnswerException.class,
                () -> openAi.chatResponseForOpenAiCaller(bytes, target));
        assertEquals(translation.getMessage(), scan.getMessage());
    }

    /**
     * Every field of {@code expected}, at any depth, is in {@code actual} with the same value; a null the
     * translation wrote for a field the provider left out (logprobs) may be left out.
     */
    private static void assertContains(JsonNode expected, JsonNode actual, String path) {
        if (expected.isObject()) {
            assertTrue(actual.isObject(), path + " is an object");
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String at = path + "/" + field.getKey();
                if (field.getValue().isNull() && !actual.has(field.getKey())) {
                    continue;
                }
                assertTrue(actual.has(field.getKey()), at + " is in the answer as sent: " + actual);
                assertContains(field.getValue(), actual.get(field.getKey()), at);
            }
        } else if (expected.isArray()) {
            assertEquals(expected.size(), actual.size(), path);
            for (int i = 0; i < expected.size(); i++) {
                assertContains(expected.get(i), actual.get(i), path + "/" + i);
            }
        } else {
            assertEquals(expected, actual, path);
        }
    }

    private static Target target() {
        ProviderConfig provider = new ProviderConfig("openai", "openai", "https://api.openai.com/v1/", "env:KEY", null,
                Map.of(), Map.of(), List.of(), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60),
                4096, Map.of());
        return new Target(provider, "gpt-4o-mini", "openai/gpt-4o-mini");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OpenAiAnswerScanTest.class.getResourceAsStream("/golden/" + name)) {
            return in.readAllBytes();
        }
    }
}
