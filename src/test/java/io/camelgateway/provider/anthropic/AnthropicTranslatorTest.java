package io.camelgateway.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.ToolCall;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamCall;
import io.camelgateway.provider.UpstreamError;

class AnthropicTranslatorTest {

    private final AnthropicTranslator translator = new AnthropicTranslator();

    static Target target(String apiVersion, int defaultMaxTokens) {
        ProviderConfig provider = new ProviderConfig("anthropic", "anthropic", "https://api.anthropic.com/", "env:KEY",
                apiVersion, Map.of(), Map.of(), List.of(), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60),
                defaultMaxTokens, Map.of());
        return new Target(provider, "claude-sonnet-4-5", "anthropic/claude-sonnet-4-5");
    }

    static Target target() {
        return target(null, 1024);
    }

    private static ChatRequest request(String json) throws IOException {
        return Json.MAPPER.readValue(json, ChatRequest.class);
    }

    private JsonNode body(String requestJson) throws IOException {
        return body(requestJson, target());
    }

    private JsonNode body(String requestJson, Target target) throws IOException {
        return Json.tree(translator.chatCall(request(requestJson), target).body());
    }

    private static JsonNode json(String text) throws IOException {
        return Json.tree(text);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- request ----

    @Test
    void callGoesToMessagesEndpointWithDefaultVersionHeader() throws IOException {
        UpstreamCall call = translator.chatCall(request("""
                {"model":"claude","messages":[{"role":"user","content":"Hello, Claude"}]}"""), target());

        assertEquals(URI.create("https://api.anthropic.com/v1/messages"), call.uri());
        assertEquals(Map.of("anthropic-version", "2023-06-01"), call.headers());
        assertEquals(json("""
                {"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"Hello, Claude"}],"max_tokens":1024}"""),
                Json.tree(call.body()));
    }

    @Test
    void configuredApiVersionIsSent() throws IOException {
        UpstreamCall call = translator.chatCall(request("""
                {"model":"claude","messages":[{"role":"user","content":"Hi"}]}"""), target("2024-01-01", 1024));

        assertEquals("2024-01-01", call.headers().get("anthropic-version"));
    }

    @Test
    void authenticationUsesTheApiKeyHeader() {
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        translator.authenticate(headers, "sk-ant-test");

        assertEquals(java.util.Map.of("x-api-key", "sk-ant-test"), headers);
    }

    @Test
    void systemMessagesBecomeTopLevelSystem() throws IOException {
        JsonNode body = body("""
                {"model":"claude","messages":[
                  {"role":"system","content":"You are a helpful assistant."},
                  {"role":"developer","content":[{"type":"text","text":"Answer in French."}]},
                  {"role":"user","content":"Hello"}]}""");

        assertEquals("You are a helpful assistant.\n\nAnswer in French.", body.get("system").asText());
        assertEquals(json("[{\"role\":\"user\",\"content\":\"Hello\"}]"), body.get("messages"));
    }

    @Test
    void noSystemFieldWithoutSystemMessages() throws IOException {
        assertFalse(body("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").has("system"));
    }

    @Test
    void maxTokensComesFromTheRequestThenTheProviderThenFallsBackTo4096() throws IOException {
        assertEquals(300, body("""
                {"messages":[{"role":"user","content":"Hi"}],"max_tokens":100,"max_completion_tokens":300}""")
                .get("max_tokens").asInt());
        assertEquals(100, body("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":100}")
                .get("max_tokens").asInt());
        assertEquals(2048, body("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", target(null, 2048))
                .get("max_tokens").asInt());
        assertEquals(4096, body("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", target(null, 0))
                .get("max_tokens").asInt());
    }

    @Test
    void samplingStopAndUserAreMappedAndTemperatureIsClampedToOne() throws IOException {
        JsonNode body = body("""
                {"messages":[{"role":"user","content":"Hi"}],"temperature":1.6,"top_p":0.9,
                 "stop":["\\n\\nHuman:","END"],"user":"user-42","stream":true}""");

        assertEquals(1.0, body.get("temperature").asDouble());
        assertEquals(0.9, body.get("top_p").asDouble());
        assertEquals(json("[\"\\n\\nHuman:\",\"END\"]"), body.get("stop_sequences"));
        assertEquals(json("{\"user_id\":\"user-42\"}"), body.get("metadata"));
        assertTrue(body.get("stream").asBoolean());
        assertFalse(body.has("stop"));
        assertFalse(body.has("user"));
    }

    @Test
    void singleStopStringBecomesOneStopSequenceAndLowTemperatureIsKept() throws IOException {
        JsonNode body = body("""
                {"messages":[{"role":"user","content":"Hi"}],"stop":"END","temperature":0.3}""");

        assertEquals(json("[\"END\"]"), body.get("stop_sequences"));
        assertEquals(0.3, body.get("temperature").asDouble());
        assertFalse(body.has("stream"));
    }

    @Test
    void openAiOnlyFieldsAreNotForwarded() throws IOException {
        JsonNode body = body("""
                {"model":"claude","messages":[{"role":"user","content":"Hi"}],"n":2,
                 "response_format":{"type":"json_object"},"presence_penalty":0.5,"frequency_penalty":0.5,
                 "seed":7,"stream":false,"stream_options":{"include_usage":true},"logit_bias":{"50256":-100}}""");

        Set<String> fields = new HashSet<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("model", "messages", "max_tokens"), fields);
    }

    @Test
    void imagesBecomeBase64AndUrlSources() throws IOException {
        JsonNode content = body("""
                {"messages":[{"role":"user","content":[
                  {"type":"text","text":"What is in these images?"},
                  {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQSkZJRg=="}},
                  {"type":"image_url","image_url":{"url":"https://upload.wikimedia.org/ant.jpg","detail":"high"}}]}]}""")
                .get("messages").get(0).get("content");

        assertEquals(json("""
                [{"type":"text","text":"What is in these images?"},
                 {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQSkZJRg=="}},
                 {"type":"image","source":{"type":"url","url":"https://upload.wikimedia.org/ant.jpg"}}]"""), content);
    }

    @Test
    void imageThatIsNeitherDataNorHttpIsRefused() {
        GatewayException e = assertThrows(GatewayException.class, () -> body("""
                {"messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"ftp://example.com/a.png"}}]}]}"""));
        assertEquals(400, e.status());
    }

    @Test
    void toolsCarryTheirParametersAsInputSchema() throws IOException {
        JsonNode body = body("""
                {"messages":[{"role":"user","content":"What's the weather like in San Francisco?"}],
                 "tools":[
                   {"type":"function","function":{"name":"get_weather","description":"Get the current weather",
                     "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}},
                   {"type":"function","function":{"name":"get_time"}}]}""");

        assertEquals(json("""
                [{"name":"get_weather","description":"Get the current weather",
                  "input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}},
                 {"name":"get_time","input_schema":{"type":"object","properties":{}}}]"""), body.get("tools"));
        assertFalse(body.has("tool_choice"));
    }

    private static final String WEATHER_TOOL = """
            [{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{}}}}]""";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"auto\"                                              | {\"type\":\"auto\"}",
            "\"required\"                                          | {\"type\":\"any\"}",
            "\"none\"                                              | {\"type\":\"none\"}",
            "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}} | {\"type\":\"tool\",\"name\":\"get_weather\"}"})
    void toolChoiceMapsToAnthropicTypes(String openAiChoice, String anthropicChoice) throws IOException {
        JsonNode body = body("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"tools\":" + WEATHER_TOOL
                + ",\"tool_choice\":" + openAiChoice + "}");

        assertEquals(json(anthropicChoice), body.get("tool_choice"));
    }

    @Test
    void parallelToolCallsFalseDisablesParallelToolUse() throws IOException {
        JsonNode withChoice = body("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"tools\":" + WEATHER_TOOL
                + ",\"tool_choice\":\"required\",\"parallel_tool_calls\":false}");
        JsonNode withoutChoice = body("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"tools\":"
                + WEATHER_TOOL + ",\"parallel_tool_calls\":false}");

        assertEquals(json("{\"type\":\"any\",\"disable_parallel_tool_use\":true}"), withChoice.get("tool_choice"));
        assertEquals(json("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"), withoutChoice.get("tool_choice"));
        assertFalse(withChoice.has("parallel_tool_calls"));
    }

    @Test
    void unknownToolChoiceIsRefused() {
        GatewayException e = assertThrows(GatewayException.class, () -> body(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"tools\":" + WEATHER_TOOL
                        + ",\"tool_choice\":\"sometimes\"}"));
        assertEquals(400, e.status());
        assertEquals("tool_choice", e.param());
    }

    @Test
    void assistantToolCallsBecomeToolUseBlocks() throws IOException {
        JsonNode messages = body("""
                {"messages":[
                  {"role":"user","content":"What's the weather in San Francisco and Paris?"},
                  {"role":"assistant","content":"Let me check.","tool_calls":[
                    {"id":"toolu_01A09q90qw90lq917835lq9","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"location\\": \\"San Francisco, CA\\"}"}},
                    {"id":"toolu_02","type":"function","function":{"name":"get_weather","arguments":"not json"}}]}]}""")
                .get("messages");

        assertEquals(json("""
                {"role":"assistant","content":[
                  {"type":"text","text":"Let me check."},
                  {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather",
                   "input":{"location":"San Francisco, CA"}},
                  {"type":"tool_use","id":"toolu_02","name":"get_weather","input":{}}]}"""), messages.get(1));
    }

    @Test
    void assistantToolCallsWithoutTextHaveOnlyToolUseBlocks() throws IOException {
        JsonNode content = body("""
                {"messages":[
                  {"role":"user","content":"What time is it?"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"toolu_03","type":"function","function":{"name":"get_time","arguments":""}}]}]}""")
                .get("messages").get(1).get("content");

        assertEquals(json("[{\"type\":\"tool_use\",\"id\":\"toolu_03\",\"name\":\"get_time\",\"input\":{}}]"),
                content);
    }

    @Test
    void toolResultsAreMergedIntoOneUserTurn() throws IOException {
        JsonNode messages = body("""
                {"messages":[
                  {"role":"user","content":"Weather in San Francisco and Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"toolu_01","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"SF\\"}"}},
                    {"id":"toolu_02","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}}]},
                  {"role":"tool","tool_call_id":"toolu_01","content":"15 degrees"},
                  {"role":"tool","tool_call_id":"toolu_02","content":[{"type":"text","text":"22 degrees"}]},
                  {"role":"user","content":"Which is warmer?"}]}""")
                .get("messages");

        assertEquals(3, messages.size());
        assertEquals(json("""
                {"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"toolu_01","content":"15 degrees"},
                  {"type":"tool_result","tool_use_id":"toolu_02","content":"22 degrees"},
                  {"type":"text","text":"Which is warmer?"}]}"""), messages.get(2));
    }

    @Test
    void consecutiveUserMessagesAreMergedSoRolesAlternate() throws IOException {
        JsonNode messages = body("""
                {"messages":[
                  {"role":"user","content":"First"},
                  {"role":"user","content":[{"type":"text","text":"Second"}]},
                  {"role":"assistant","content":"Answer"}]}""")
                .get("messages");

        assertEquals(json("""
                [{"role":"user","content":[{"type":"text","text":"First"},{"type":"text","text":"Second"}]},
                 {"role":"assistant","content":"Answer"}]"""), messages);
    }

    // ---- response ----

    @Test
    void textAnswerBecomesChatCompletion() throws IOException {
        ChatCompletion completion = translator.chatResponse(bytes("""
                {"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant",
                 "model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"thinking","thinking":"Let me think.","signature":"EqQBCg"},
                            {"type":"text","text":"Hi! My name is Claude."}],
                 "stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":2095,"output_tokens":503}}"""), target());

        assertEquals("msg_013Zva2CMHLNnXjNJJKqJ2EF", completion.id);
        assertEquals("chat.completion", completion.object);
        assertEquals("claude-sonnet-4-5-20250929", completion.model);
        assertTrue(Math.abs(completion.created - System.currentTimeMillis() / 1000) < 5);
        ChatCompletion.Choice choice = completion.choices.get(0);
        assertEquals(0, choice.index);
        assertEquals("assistant", choice.message.role);
        assertEquals("Hi! My name is Claude.", choice.message.text());
        assertNull(choice.message.toolCalls);
        assertEquals("stop", choice.finishReason);
        assertEquals(2095, completion.usage.promptTokens);
        assertEquals(503, completion.usage.completionTokens);
        assertEquals(2598, completion.usage.totalTokens);
    }

    @Test
    void toolUseAnswerBecomesToolCalls() throws IOException {
        ChatCompletion completion = translator.chatResponse(bytes("""
                {"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather",
                             "input":{"location":"San Francisco, CA","unit":"celsius"}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":54}}"""),
                target());

        ChatCompletion.Choice choice = completion.choices.get(0);
        assertEquals("tool_calls", choice.finishReason);
        assertNull(choice.message.content);
        assertEquals(1, choice.message.toolCalls.size());
        ToolCall call = choice.message.toolCalls.get(0);
        assertEquals("toolu_01A09q90qw90lq917835lq9", call.id);
        assertEquals("function", call.type);
        assertEquals("get_weather", call.function.name);
        assertEquals("{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}", call.function.arguments);
    }

    @Test
    void textBeforeToolUseIsKeptAsContent() throws IOException {
        ChatCompletion completion = translator.chatResponse(bytes("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"I'll check "},{"type":"text","text":"the weather."},
                            {"type":"tool_use","id":"toolu_1","name":"get_time","input":{}}],
                 "stop_reason":"tool_use","usage":{"input_tokens":10,"output_tokens":5}}"""), target());

        ChatCompletion.Choice choice = completion.choices.get(0);
        assertEquals("I'll check the weather.", choice.message.text());
        assertEquals("{}", choice.message.toolCalls.get(0).function.arguments);
    }

    @Test
    void cacheTokensCountAsPromptTokens() throws IOException {
        ChatCompletion completion = translator.chatResponse(bytes("""
                {"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"Done."}],"stop_reason":"end_turn",
                 "usage":{"input_tokens":21,"cache_creation_input_tokens":188086,"cache_read_input_tokens":1000,
                          "output_tokens":393}}"""), target());

        assertEquals(21 + 188086 + 1000, completion.usage.promptTokens);
        assertEquals(393, completion.usage.completionTokens);
        assertEquals(21 + 188086 + 1000 + 393, completion.usage.totalTokens);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "end_turn, stop",
            "stop_sequence, stop",
            "max_tokens, length",
            "tool_use, tool_calls",
            "refusal, content_filter",
            "pause_turn, stop",
            "model_context_window_exceeded, stop"})
    void stopReasonsMapToFinishReasons(String stopReason, String finishReason) throws IOException {
        ChatCompletion completion = translator.chatResponse(bytes("""
                {"id":"msg_3","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"x"}],"stop_reason":"%s",
                 "usage":{"input_tokens":1,"output_tokens":1}}""".formatted(stopReason)), target());

        assertEquals(finishReason, completion.choices.get(0).finishReason);
    }

    @Test
    void missingModelFallsBackToTheUpstreamModel() throws IOException {
        ChatCompletion completion = translator.chatResponse(bytes("""
                {"id":"msg_4","type":"message","content":[],"stop_reason":"end_turn",
                 "usage":{"input_tokens":1,"output_tokens":0}}"""), target());

        assertEquals("claude-sonnet-4-5", completion.model);
        assertEquals("", completion.choices.get(0).message.text());
    }

    @Test
    void answerThatIsNotJsonIsAnIoError() {
        assertThrows(IOException.class, () -> translator.chatResponse(bytes("<html>oops</html>"), target()));
    }

    // ---- errors ----

    @Test
    void errorBodyGivesMessageAndType() {
        UpstreamError error = translator.error(529, bytes("""
                {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""));

        assertEquals(new UpstreamError("Overloaded", "overloaded_error", false), error);
    }

    @Test
    void authenticationAndPermissionErrorsRejectTheCredential() {
        assertEquals(new UpstreamError("invalid x-api-key", "authentication_error", true), translator.error(401, bytes("""
                {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""")));
        assertTrue(translator.error(400, bytes("""
                {"type":"error","error":{"type":"permission_error","message":"no access"}}""")).credentialRejected());
        assertTrue(translator.error(403, bytes("{}")).credentialRejected());
        assertFalse(translator.error(400, bytes("""
                {"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}"""))
                .credentialRejected());
    }

    @Test
    void errorBodyThatIsEmptyOrNotJsonGivesNulls() {
        assertEquals(new UpstreamError(null, null, false), translator.error(502, bytes("<html>Bad Gateway</html>")));
        assertEquals(new UpstreamError(null, null, false), translator.error(500, new byte[0]));
        assertEquals(new UpstreamError(null, null, false), translator.error(500, null));
        assertEquals(new UpstreamError(null, null, true), translator.error(401, bytes("\"unauthorized\"")));
    }
}
