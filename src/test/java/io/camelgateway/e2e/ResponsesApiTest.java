package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camelgateway.api.Json;
import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /v1/responses over HTTP: what it refuses, in OpenAI's error shape, and how failures reach the caller. */
class ResponsesApiTest extends GatewayTestSupport {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"gpt-4o-mini\",\"input\":7}| input",
            "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"temperature\":\"hot\"}| temperature",
            "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"max_output_tokens\":1.5}| max_output_tokens",
            "{\"model\":\"gpt-4o-mini\",\"input\":[{\"type\":\"computer_call\",\"id\":\"c\"}]}| input[0].type",
            "{\"model\":\"gpt-4o-mini\",\"input\":[{\"type\":\"message\",\"role\":\"robot\",\"content\":\"x\"}]}| input[0].role",
            "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"tools\":[{\"type\":\"code_interpreter\",\"container\":{\"type\":\"auto\"}}]}| tools[0].type",
            "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"tools\":\"all\"}| tools",
            "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"previous_response_id\":\"resp_abc\"}| previous_response_id",
            "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"background\":true}| background",
            "{\"input\":\"x\"}| model",
            "[1,2]| ",
            "{\"model\":\"gpt-4o-mini\",\"input\":\"x\"| "})
    void badInputIs400InOpenAiShapeAndReachesNoProvider(String body, String param) throws Exception {
        HttpResponse<String> r = Http.post(gateway, "/v1/responses", body);

        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = Json.tree(r.body()).get("error");
        assertEquals("invalid_request_error", error.get("type").asText());
        assertFalse(error.get("message").asText().isBlank());
        assertEquals(param == null ? null : param, error.get("param").isNull() ? null : error.get("param").asText(),
                r.body());
        assertTrue(error.has("code"));
        assertTrue(simulator.received().isEmpty(), "nothing reached a provider");
    }

    @Test
    void inputAboveTheBodyLimitIs413InOpenAiShape() throws Exception {
        String huge = "{\"model\":\"gpt-4o-mini\",\"input\":\"" + "a".repeat(70_000) + "\"}";
        HttpResponse<String> r = Http.post(gateway, "/v1/responses", huge);

        assertEquals(413, r.statusCode(), r.body());
        assertEquals("request_too_large", Json.tree(r.body()).at("/error/code").asText());
        assertTrue(simulator.received().isEmpty());
    }

    @Test
    void withoutAKeyIs401() throws Exception {
        HttpResponse<String> r = Http.post(gateway, "/v1/responses", "{\"model\":\"gpt-4o-mini\",\"input\":\"x\"}",
                null);
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("invalid_api_key", Json.tree(r.body()).at("/error/code").asText());
    }

    @Test
    void providerErrorIsOpenAiShapedWithItsStatus() throws Exception {
        simulator.enqueue(Fault.error(400));
        HttpResponse<String> r = Http.post(gateway, "/v1/responses",
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"input\":\"x\"}");
        assertEquals(400, r.statusCode(), r.body());
        assertNotNull(Json.tree(r.body()).at("/error/message").textValue(), r.body());
    }

    @Test
    void streamCutMidwayEndsWithResponseFailed() throws Exception {
        simulator.enqueue(Fault.cutAfter(3));
        HttpResponse<String> r = Http.post(gateway, "/v1/responses",
                "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"input\":\"one two three four five six seven\"}");

        assertEquals(200, r.statusCode(), "the stream had started");
        List<String> types = eventTypes(r.body());
        assertEquals("response.created", types.get(0));
        assertEquals("response.failed", types.get(types.size() - 1), r.body());
        assertFalse(types.contains("response.completed"));
        assertFalse(r.body().contains("[DONE]"), "the Responses API has no [DONE]");
    }

    @Test
    void aliasAndCostHeaderAsForChat() throws Exception {
        HttpResponse<String> r = Http.post(gateway, "/v1/responses", "{\"model\":\"claude-sonnet\",\"input\":\"Hello\"}");

        assertEquals(200, r.statusCode(), r.body());
        JsonNode response = Json.tree(r.body());
        assertEquals("response", response.get("object").asText());
        assertEquals("Simulated anthropic answer to: Hello", response.at("/output/0/content/0/text").asText());
        assertTrue(simulator.received().get(0).body().contains("\"model\":\"claude-sonnet-4-5\""));
        assertTrue(r.headers().firstValue("x-gateway-cost-usd").isPresent(), r.headers().toString());
        assertEquals("anthropic", r.headers().firstValue("x-gateway-provider").orElse(null));
    }

    /** The event: lines of a server-sent events body. */
    private static List<String> eventTypes(String sse) {
        List<String> types = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("event: ")) {
                types.add(line.substring(7));
            }
        }
        return types;
    }
}
