package io.camelgateway.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OpenAI-format provider's plain answer to a caller of /v1/chat/completions goes back as the provider sent it,
 * and costs what the same answer costs when the gateway reads it whole (the Responses API, which translates it).
 */
class AnswerAsSentTest extends GatewayTestSupport {
    private static final String NO_USAGE = """
            {"id":"chatcmpl-2","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Four words, no more."},
             "logprobs":null,"finish_reason":"stop"}]}""";

    @Test
    void goldenAnswerReachesTheCallerByteForByte() throws IOException {
        String golden = golden();
        simulator.enqueue(Fault.raw(golden));
        HttpResponse<String> r = ask("/v1/chat/completions", "openai/gpt-4o-mini");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(golden, r.body(), "service_tier, refusal and the usage details the gateway does not model too");
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(null));
        assertEquals("openai", r.headers().firstValue("x-gateway-provider").orElse(null));
        assertEquals("gpt-4o-mini", r.headers().firstValue("x-gateway-model").orElse(null));
    }

    @Test
    void costOfTheAnswerAsSentIsTheCostOfTheAnswerReadWhole() throws IOException {
        simulator.enqueue(Fault.raw(golden()));
        HttpResponse<String> asSent = ask("/v1/chat/completions", "openai/gpt-4o-mini");
        simulator.enqueue(Fault.raw(golden()));
        HttpResponse<String> readWhole = ask("/v1/responses", "openai/gpt-4o-mini");
        assertEquals(200, readWhole.statusCode(), readWhole.body());
        String cost = asSent.headers().firstValue("x-gateway-cost-usd").orElseThrow();
        assertTrue(Double.parseDouble(cost) > 0, cost);
        assertEquals(readWhole.headers().firstValue("x-gateway-cost-usd").orElseThrow(), cost);
        assertFalse(asSent.headers().firstValue("x-gateway-usage").isPresent(), "the provider's usage, not a guess");
    }

    @Test
    void anAnswerWithoutUsageIsEstimatedAsWhenReadWhole() {
        simulator.enqueue(Fault.raw(NO_USAGE));
        HttpResponse<String> asSent = ask("/v1/chat/completions", "openai/gpt-4o-mini");
        simulator.enqueue(Fault.raw(NO_USAGE));
        HttpResponse<String> readWhole = ask("/v1/responses", "openai/gpt-4o-mini");
        assertEquals(NO_USAGE, asSent.body());
        assertEquals("estimated", asSent.headers().firstValue("x-gateway-usage").orElse(null));
        assertEquals(readWhole.headers().firstValue("x-gateway-cost-usd").orElseThrow(),
                asSent.headers().firstValue("x-gateway-cost-usd").orElseThrow());
    }

    private static HttpResponse<String> ask(String path, String model) {
        String body = path.endsWith("/responses") ? "{\"model\":\"" + model + "\",\"input\":\"a question\"}"
                : Http.chat(model, "a question", false);
        return Http.post(gateway, path, body);
    }

    private static String golden() throws IOException {
        try (InputStream in = AnswerAsSentTest.class.getResourceAsStream("/golden/openai-cached-usage-answer.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
