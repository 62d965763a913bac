package io.camelgateway.provider.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.EmbeddingResponse;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.ToolCall;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamCall;
import io.camelgateway.provider.UpstreamError;

class GeminiTranslatorTest {

    static final Target TARGET = new Target(new ProviderConfig("gemini", "gemini",
            "https://generativelanguage.googleapis.com/", "env:GEMINI_API_KEY", null, Map.of(), Map.of(),
            List.of("gemini-2.5-flash"), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), 0, Map.of()),
            "gemini-2.5-flash", "gemini/gemini-2.5-flash");

    private final GeminiTranslator translator = new GeminiTranslator();

    // --- request -------------------------------------------------------------------------------------------

    @Test
    void systemMessagesBecomeSystemInstruction() throws IOException {
        JsonNode body = body("""
                {"model":"gemini/gemini-2.5-flash","messages":[
                  {"role":"system","content":"You are a cat. Your name is Neko."},
                  {"role":"developer","content":"Answer in one sentence."},
                  {"role":"user","content":"Hello there"}]}""");

        assertEquals("You are a cat. Your name is Neko.\n\nAnswer in one sentence.",
                body.at("/systemInstruction/parts/0/text").asText());
        assertEquals(1, body.get("contents").size());
        assertEquals("user", body.at("/contents/0/role").asText());
        assertEquals("Hello there", body.at("/contents/0/parts/0/text").asText());
    }

    @Test
    void rolesMapToUserAndModelAndSameRoleTurnsMerge() throws IOException {
        JsonNode body = body("""
                {"messages":[
                  {"role":"user","content":"Hello"},
                  {"role":"assistant","content":"Great to meet you. What would you like to know?"},
                  {"role":"user","content":"I have two dogs in my house."},
                  {"role":"user","content":"How many paws are in my house?"}]}""");

        JsonNode contents = body.get("contents");
        assertEquals(3, contents.size());
        assertEquals("user", contents.at("/0/role").asText());
        assertEquals("model", contents.at("/1/role").asText());
        assertEquals("Great to meet you. What would you like to know?", contents.at("/1/parts/0/text").asText());
        assertEquals("user", contents.at("/2/role").asText());
        assertEquals("I have two dogs in my house.", contents.at("/2/parts/0/text").asText());
        assertEquals("How many paws are in my house?", contents.at("/2/parts/1/text").asText());
        assertFalse(body.has("systemInstruction"));
    }

    @Test
    void dataUrlImageBecomesInlineData() throws IOException {
        JsonNode body = body("""
                {"messages":[{"role":"user","content":[
                  {"type":"text","text":"Caption this image."},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}""");

        JsonNode parts = body.at("/contents/0/parts");
        assertEquals("Caption this image.", parts.at("/0/text").asText());
        assertEquals("image/png", parts.at("/1/inlineData/mimeType").asText());
        assertEquals("iVBORw0KGgo=", parts.at("/1/inlineData/data").asText());
    }

    @Test
    void httpImageUrlBecomesFileDataWithGuessedType() throws IOException {
        JsonNode body = body("""
                {"messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"https://example.com/cats/neko.PNG?size=large"}},
                  {"type":"image_url","image_url":{"url":"https://example.com/photo"}}]}]}""");

        JsonNode parts = body.at("/contents/0/parts");
        assertEquals("image/png", parts.at("/0/fileData/mimeType").asText());
        assertEquals("https://example.com/cats/neko.PNG?size=large", parts.at("/0/fileData/fileUri").asText());
        assertEquals("image/jpeg", parts.at("/1/fileData/mimeType").asText());
        assertEquals("https://example.com/photo", parts.at("/1/fileData/fileUri").asText());
    }

    @Test
    void toolsBecomeFunctionDeclarations() throws IOException {
        JsonNode body = body("""
                {"messages":[{"role":"user","content":"Turn the lights down to a romantic level"}],
                 "tools":[
                  {"type":"function","function":{"name":"set_light_values",
                    "description":"Sets the brightness and color temperature of a light.",
                    "parameters":{"type":"object","properties":{
                      "brightness":{"type":"integer","description":"Light level from 0 to 100."},
                      "color_temp":{"type":"string","enum":["daylight","cool","warm"]}},
                      "required":["brightness","color_temp"]}}},
                  {"type":"function","function":{"name":"lights_off"}}]}""");

        JsonNode declarations = body.at("/tools/0/functionDeclarations");
        assertEquals(1, body.get("tools").size());
        assertEquals(2, declarations.size());
        assertEquals("set_light_values", declarations.at("/0/name").asText());
        assertEquals("Sets the brightness and color temperature of a light.",
                declarations.at("/0/description").asText());
        assertEquals("integer", declarations.at("/0/parameters/properties/brightness/type").asText());
        assertEquals("color_temp", declarations.at("/0/parameters/required/1").asText());
        assertEquals("lights_off", declarations.at("/1/name").asText());
        assertFalse(declarations.get(1).has("parameters"));
        assertFalse(declarations.get(1).has("description"));
        assertFalse(body.has("toolConfig"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"auto\"                                             | AUTO |",
            "\"required\"                                         | ANY  |",
            "\"none\"                                             | NONE |",
            "{\"type\":\"function\",\"function\":{\"name\":\"lights_off\"}} | ANY  | lights_off"})
    void toolChoiceBecomesFunctionCallingConfig(String toolChoice, String mode, String allowed) throws IOException {
        JsonNode body = body("""
                {"messages":[{"role":"user","content":"Lights off"}],
                 "tools":[{"type":"function","function":{"name":"lights_off"}}],
                 "tool_choice":%s}""".formatted(toolChoice));

        JsonNode config = body.at("/toolConfig/functionCallingConfig");
        assertEquals(mode, config.path("mode").asText());
        if (allowed == null) {
            assertFalse(config.has("allowedFunctionNames"));
        } else {
            assertEquals(1, config.get("allowedFunctionNames").size());
            assertEquals(allowed, config.at("/allowedFunctionNames/0").asText());
        }
    }

    @Test
    void assistantToolCallsBecomeFunctionCallsAndToolResultsBecomeFunctionResponses() throws IOException {
        JsonNode body = body("""
                {"messages":[
                  {"role":"user","content":"What is the weather in Boston and Paris?"},
                  {"role":"assistant","content":"Let me check both.","tool_calls":[
                    {"id":"call_boston","type":"function",
                     "function":{"name":"get_current_weather","arguments":"{\\"location\\":\\"Boston, MA\\"}"}},
                    {"id":"call_paris","type":"function",
                     "function":{"name":"get_forecast","arguments":"not json"}}]},
                  {"role":"tool","tool_call_id":"call_boston","content":"{\\"temperature\\":22,\\"unit\\":\\"celsius\\"}"},
                  {"role":"tool","tool_call_id":"call_paris","content":"Sunny, 25 degrees"}]}""");

        JsonNode contents = body.get("contents");
        assertEquals(3, contents.size());

        JsonNode model = contents.get(1);
        assertEquals("model", model.path("role").asText());
        assertEquals("Let me check both.", model.at("/parts/0/text").asText());
        assertEquals("get_current_weather", model.at("/parts/1/functionCall/name").asText());
        assertEquals("Boston, MA", model.at("/parts/1/functionCall/args/location").asText());
        assertEquals("get_forecast", model.at("/parts/2/functionCall/name").asText());
        assertTrue(model.at("/parts/2/functionCall/args").isObject());
        assertTrue(model.at("/parts/2/functionCall/args").isEmpty());

        JsonNode results = contents.get(2);
        assertEquals("user", results.path("role").asText());
        assertEquals(2, results.get("parts").size());
        assertEquals("get_current_weather", results.at("/parts/0/functionResponse/name").asText());
        assertEquals(22, results.at("/parts/0/functionResponse/response/temperature").asInt());
        assertEquals("celsius", results.at("/parts/0/functionResponse/response/unit").asText());
        assertEquals("get_forecast", results.at("/parts/1/functionResponse/name").asText());
        assertEquals("Sunny, 25 degrees", results.at("/parts/1/functionResponse/response/result").asText());
    }

    @Test
    void toolCallsWithoutTextSendOnlyFunctionCalls() throws IOException {
        JsonNode body = body("""
                {"messages":[
                  {"role":"user","content":"Lights off"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"c1","type":"function","function":{"name":"lights_off","arguments":""}}]},
                  {"role":"tool","tool_call_id":"c1","content":"[1,2]"}]}""");

        JsonNode parts = body.at("/contents/1/parts");
        assertEquals(1, parts.size());
        assertEquals("lights_off", parts.at("/0/functionCall/name").asText());
        assertTrue(parts.at("/0/functionCall/args").isEmpty());
        assertEquals("[1,2]", body.at("/contents/2/parts/0/functionResponse/response/result").asText());
    }

    @Test
    void generationConfigCarriesSamplingAndLimits() throws IOException {
        JsonNode config = body("""
                {"messages":[{"role":"user","content":"Tell me a story"}],
                 "temperature":0.7,"top_p":0.9,"max_tokens":100,"max_completion_tokens":800,
                 "stop":["Title"],"n":2,"presence_penalty":0.5,"frequency_penalty":-0.25,"seed":42}""")
                .get("generationConfig");

        assertEquals(0.7, config.get("temperature").asDouble());
        assertEquals(0.9, config.get("topP").asDouble());
        assertEquals(800, config.get("maxOutputTokens").asInt());
        assertEquals("Title", config.at("/stopSequences/0").asText());
        assertEquals(2, config.get("candidateCount").asInt());
        assertEquals(0.5, config.get("presencePenalty").asDouble());
        assertEquals(-0.25, config.get("frequencyPenalty").asDouble());
        assertEquals(42, config.get("seed").asLong());
        assertFalse(config.has("responseMimeType"));
    }

    @Test
    void jsonSchemaResponseFormatSetsMimeTypeAndSchema() throws IOException {
        JsonNode config = body("""
                {"messages":[{"role":"user","content":"List a few cookie recipes"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"recipes","schema":{
                   "type":"array","items":{"type":"object","properties":{"recipe_name":{"type":"string"}}}}}}}""")
                .get("generationConfig");

        assertEquals("application/json", config.get("responseMimeType").asText());
        assertEquals("array", config.at("/responseJsonSchema/type").asText());
        assertEquals("string", config.at("/responseJsonSchema/items/properties/recipe_name/type").asText());
    }

    @Test
    void jsonObjectResponseFormatSetsOnlyMimeType() throws IOException {
        JsonNode config = body("""
                {"messages":[{"role":"user","content":"Give me JSON"}],"response_format":{"type":"json_object"}}""")
                .get("generationConfig");

        assertEquals("application/json", config.get("responseMimeType").asText());
        assertFalse(config.has("responseJsonSchema"));
    }

    @Test
    void callerOnlyFieldsAreNotForwardedAndEmptyConfigIsOmitted() throws IOException {
        JsonNode body = body("""
                {"model":"gemini/gemini-2.5-flash","messages":[{"role":"user","content":"Hi"}],
                 "stream":true,"stream_options":{"include_usage":true},"user":"u-1",
                 "response_format":{"type":"text"},"logit_bias":{"50256":-100}}""");

        assertEquals(List.of("contents"), fieldNames(body));
    }

    @Test
    void plainCallGoesToGenerateContent() throws IOException {
        UpstreamCall call = translator.chatCall(request("""
                {"messages":[{"role":"user","content":"Hi"}]}"""), TARGET);

        assertEquals(URI.create(
                "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"),
                call.uri());
    }

    /** Whatever reached the translator (a user's route may name any model), the name stays one path segment. */
    @Test
    void modelNameCannotLeaveItsPathSegment() throws IOException {
        ChatRequest hi = request("""
                {"messages":[{"role":"user","content":"Hi"}]}""");
        for (String model : new String[]{"../../__requests", "..", "models/..", "tunedModels/x"}) {
            Target target = new Target(TARGET.provider(), model, "gemini/" + model);
            GatewayException e = assertThrows(GatewayException.class, () -> translator.chatCall(hi, target), model);
            assertEquals(400, e.status());
            assertEquals("model", e.param());
        }
        Target odd = new Target(TARGET.provider(), "a?b#c%d e", "gemini/a?b#c%d e");
        assertEquals("/v1beta/models/a%3Fb%23c%25d%20e:generateContent", translator.chatCall(hi, odd).uri().getRawPath());
    }

    @Test
    void streamedCallAsksForServerSentEvents() throws IOException {
        UpstreamCall call = translator.chatCall(request("""
                {"messages":[{"role":"user","content":"Hi"}],"stream":true}"""), TARGET);

        assertEquals(URI.create("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash"
                + ":streamGenerateContent?alt=sse"), call.uri());
    }

    @Test
    void apiKeyGoesInGoogleHeader() {
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        translator.authenticate(headers, "AIza-secret");

        assertEquals(java.util.Map.of("x-goog-api-key", "AIza-secret"), headers);
    }

    // --- response ------------------------------------------------------------------------------------------

    @Test
    void responseTextBecomesAssistantMessage() throws IOException {
        ChatCompletion completion = response("""
                {"candidates":[{"content":{"parts":[{"text":"Neko is a "},{"text":"curious cat."}],"role":"model"},
                  "finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":6,"totalTokenCount":15},
                 "modelVersion":"gemini-2.5-flash-001","responseId":"mN0haLKpAoPKnvgP1KGm8Qo"}""");

        assertEquals("chatcmpl-mN0haLKpAoPKnvgP1KGm8Qo", completion.id);
        assertEquals("chat.completion", completion.object);
        assertEquals("gemini-2.5-flash-001", completion.model);
        assertTrue(completion.created > 0);
        assertEquals(1, completion.choices.size());
        ChatCompletion.Choice choice = completion.choices.get(0);
        assertEquals(0, choice.index);
        assertEquals("assistant", choice.message.role);
        assertEquals("Neko is a curious cat.", choice.message.text());
        assertNull(choice.message.toolCalls);
        assertEquals("stop", choice.finishReason);
        assertEquals(9, completion.usage.promptTokens);
        assertEquals(6, completion.usage.completionTokens);
        assertEquals(15, completion.usage.totalTokens);
    }

    @Test
    void functionCallBecomesToolCall() throws IOException {
        ChatCompletion completion = response("""
                {"candidates":[{"content":{"role":"model","parts":[
                    {"functionCall":{"name":"set_light_values","args":{"brightness":25,"color_temp":"warm"}}},
                    {"functionCall":{"id":"fc-7","name":"lights_off","args":{}}}]},
                  "finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":40,"candidatesTokenCount":12,"totalTokenCount":52}}""");

        ChatCompletion.Choice choice = completion.choices.get(0);
        assertEquals("tool_calls", choice.finishReason);
        assertNull(choice.message.content);
        assertEquals(2, choice.message.toolCalls.size());
        ToolCall first = choice.message.toolCalls.get(0);
        assertTrue(first.id.startsWith("call_") && first.id.length() > 10, first.id);
        assertEquals("function", first.type);
        assertEquals("set_light_values", first.function.name);
        assertEquals("{\"brightness\":25,\"color_temp\":\"warm\"}", first.function.arguments);
        ToolCall second = choice.message.toolCalls.get(1);
        assertEquals("fc-7", second.id);
        assertEquals("{}", second.function.arguments);
        assertEquals("gemini-2.5-flash", completion.model);
        assertTrue(completion.id.startsWith("chatcmpl-") && completion.id.length() > 15);
    }

    @Test
    void thoughtsAreLeftOutOfTextButCountAsCompletionTokens() throws IOException {
        ChatCompletion completion = response("""
                {"candidates":[{"content":{"role":"model","parts":[
                    {"text":"The user wants a short answer...","thought":true},{"text":"42"}]},
                  "finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":1,"thoughtsTokenCount":120,
                   "totalTokenCount":131},"modelVersion":"gemini-2.5-pro","responseId":"r1"}""");

        assertEquals("42", completion.choices.get(0).message.text());
        assertEquals(10, completion.usage.promptTokens);
        assertEquals(121, completion.usage.completionTokens);
        assertEquals(131, completion.usage.totalTokens);
    }

    @Test
    void safetyFinishBecomesContentFilter() throws IOException {
        ChatCompletion completion = response("""
                {"candidates":[{"finishReason":"SAFETY","index":0,"safetyRatings":[
                   {"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH","blocked":true}]}],
                 "usageMetadata":{"promptTokenCount":12,"totalTokenCount":12},"modelVersion":"gemini-2.5-flash"}""");

        ChatCompletion.Choice choice = completion.choices.get(0);
        assertEquals("content_filter", choice.finishReason);
        assertEquals("", choice.message.text());
        assertEquals(0, completion.usage.completionTokens);
        assertEquals(12, completion.usage.totalTokens);
    }

    @Test
    void maxTokensFinishBecomesLength() throws IOException {
        ChatCompletion completion = response("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"Once upon a"}]},
                  "finishReason":"MAX_TOKENS","index":0}]}""");

        assertEquals("length", completion.choices.get(0).finishReason);
        assertNull(completion.usage);
    }

    @Test
    void blockedPromptBecomesOneContentFilteredChoice() throws IOException {
        ChatCompletion completion = response("""
                {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[
                   {"category":"HARM_CATEGORY_HARASSMENT","probability":"HIGH"}]},
                 "usageMetadata":{"promptTokenCount":7,"totalTokenCount":7},"modelVersion":"gemini-2.5-flash"}""");

        assertEquals(1, completion.choices.size());
        assertEquals("content_filter", completion.choices.get(0).finishReason);
        assertEquals("", completion.choices.get(0).message.text());
        assertEquals(7, completion.usage.promptTokens);
    }

    @Test
    void severalCandidatesBecomeSeveralChoices() throws IOException {
        ChatCompletion completion = response("""
                {"candidates":[
                  {"content":{"role":"model","parts":[{"text":"A"}]},"finishReason":"STOP","index":0},
                  {"content":{"role":"model","parts":[{"text":"B"}]},"finishReason":"RECITATION","index":1}]}""");

        assertEquals(2, completion.choices.size());
        assertEquals(1, completion.choices.get(1).index);
        assertEquals("B", completion.choices.get(1).message.text());
        assertEquals("content_filter", completion.choices.get(1).finishReason);
    }

    // --- errors --------------------------------------------------------------------------------------------

    @Test
    void invalidApiKeyIsACredentialRejectionDespiteStatus400() {
        UpstreamError error = translator.error(400, bytes("""
                {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",
                  "status":"INVALID_ARGUMENT","details":[
                   {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID",
                    "domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}},
                   {"@type":"type.googleapis.com/google.rpc.LocalizedMessage","locale":"en-US",
                    "message":"API key not valid. Please pass a valid API key."}]}}"""));

        assertEquals("API key not valid. Please pass a valid API key.", error.message());
        assertEquals("INVALID_ARGUMENT", error.type());
        assertTrue(error.credentialRejected());
    }

    @Test
    void permissionDeniedIsACredentialRejection() {
        UpstreamError error = translator.error(403, bytes("""
                {"error":{"code":403,"message":"Method doesn't allow unregistered callers.",
                  "status":"PERMISSION_DENIED"}}"""));

        assertEquals("PERMISSION_DENIED", error.type());
        assertTrue(error.credentialRejected());
    }

    @Test
    void badArgumentAndQuotaErrorsKeepTheCredential() {
        UpstreamError invalid = translator.error(400, bytes("""
                {"error":{"code":400,"message":"* GenerateContentRequest.contents: contents is not specified\\n",
                  "status":"INVALID_ARGUMENT"}}"""));
        UpstreamError quota = translator.error(429, bytes("""
                [{"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED"}}]"""));

        assertFalse(invalid.credentialRejected());
        assertEquals("* GenerateContentRequest.contents: contents is not specified\n", invalid.message());
        assertFalse(quota.credentialRejected());
        assertEquals("RESOURCE_EXHAUSTED", quota.type());
        assertEquals("You exceeded your current quota.", quota.message());
    }

    @Test
    void nonJsonOrEmptyErrorBodyStillGivesAnError() {
        UpstreamError html = translator.error(502, bytes("<html><body>Bad Gateway</body></html>"));
        UpstreamError empty = translator.error(401, new byte[0]);
        UpstreamError none = translator.error(500, null);

        assertNull(html.message());
        assertNull(html.type());
        assertFalse(html.credentialRejected());
        assertTrue(empty.credentialRejected());
        assertNull(none.message());
    }

    // --- embeddings ----------------------------------------------------------------------------------------

    @Test
    void embeddingsCallBatchesOneRequestPerText() throws IOException {
        EmbeddingRequest request = embeddingRequest("""
                {"model":"gemini/gemini-embedding-001","input":["What is the meaning of life?","How are you?"],
                 "dimensions":768}""");
        Target target = embeddingTarget();

        UpstreamCall call = translator.embeddingsCall(request, target);
        JsonNode body = Json.tree(call.body());

        assertEquals(URI.create("https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001"
                + ":batchEmbedContents"), call.uri());
        assertEquals(2, body.get("requests").size());
        assertEquals("models/gemini-embedding-001", body.at("/requests/0/model").asText());
        assertEquals("What is the meaning of life?", body.at("/requests/0/content/parts/0/text").asText());
        assertEquals("How are you?", body.at("/requests/1/content/parts/0/text").asText());
        assertEquals(768, body.at("/requests/1/outputDimensionality").asInt());
    }

    @Test
    void tokenArrayInputIsRefused() throws IOException {
        EmbeddingRequest request = embeddingRequest("""
                {"model":"gemini/gemini-embedding-001","input":[[1212,318]]}""");

        GatewayException e = assertThrows(GatewayException.class,
                () -> translator.embeddingsCall(request, embeddingTarget()));
        assertEquals(400, e.status());
        assertEquals("input", e.param());
        assertTrue(e.getMessage().contains("text inputs only"), e.getMessage());
    }

    @Test
    void embeddingsResponseGivesFloatVectorsAndEstimatedTokens() throws IOException {
        EmbeddingRequest request = embeddingRequest("""
                {"model":"gemini/gemini-embedding-001","input":["What is the meaning of life?","How are you?"]}""");

        EmbeddingResponse response = translator.embeddingsResponse(bytes("""
                {"embeddings":[{"values":[0.25,-0.5,0.125]},{"values":[1.0,0.0,-1.0]}]}"""),
                request, embeddingTarget());

        assertEquals("gemini/gemini-embedding-001", response.model);
        assertEquals(2, response.data.size());
        assertEquals(1, response.data.get(1).index);
        assertEquals(List.of(0.25f, -0.5f, 0.125f), floats((float[]) response.data.get(0).embedding));
        assertEquals(List.of(1.0f, 0.0f, -1.0f), floats((float[]) response.data.get(1).embedding));
        // 28 + 12 characters at about four a token
        assertEquals(10, response.usage.promptTokens);
        assertEquals(10, response.usage.totalTokens);
    }

    @Test
    void embeddingsResponseCanBeBase64() throws IOException {
        EmbeddingRequest request = embeddingRequest("""
                {"model":"gemini/gemini-embedding-001","input":"Hello","encoding_format":"base64"}""");

        EmbeddingResponse response = translator.embeddingsResponse(bytes("""
                {"embeddings":[{"values":[0.25,-0.5]}]}"""), request, embeddingTarget());

        ByteBuffer decoded = ByteBuffer.wrap(Base64.getDecoder().decode((String) response.data.get(0).embedding))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(8, decoded.remaining());
        assertEquals(0.25f, decoded.getFloat());
        assertEquals(-0.5f, decoded.getFloat());
        assertEquals(2, response.usage.promptTokens);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private JsonNode body(String requestJson) throws IOException {
        return Json.tree(translator.chatCall(request(requestJson), TARGET).body());
    }

    private ChatCompletion response(String json) throws IOException {
        return translator.chatResponse(bytes(json), TARGET);
    }

    static ChatRequest request(String json) throws IOException {
        return Json.MAPPER.readValue(json, ChatRequest.class);
    }

    private static EmbeddingRequest embeddingRequest(String json) throws IOException {
        return Json.MAPPER.readValue(json, EmbeddingRequest.class);
    }

    private static Target embeddingTarget() {
        return new Target(TARGET.provider(), "gemini-embedding-001", "gemini/gemini-embedding-001");
    }

    static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<Float> floats(float[] values) {
        List<Float> list = new ArrayList<>();
        for (float v : values) {
            list.add(v);
        }
        return list;
    }
}
