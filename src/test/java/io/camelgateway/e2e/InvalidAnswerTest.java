package io.camelgateway.e2e;

import java.net.http.HttpResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A provider that answers 200 with no answer in it (an error object, no choices, an empty body, a body that is not
 * JSON or is cut short, even when the answer would go to the caller as it was sent) or streams only
 * errors: the caller gets 502 upstream_invalid_response, not an empty answer, and a pool moves to its next
 * member. Breakers stay closed here; an invalid answer is not retried on the same provider.
 */
@GatewayProperties({"gateway.breaker.minimum-calls=1000", "gateway.breaker.window-calls=1000"})
class InvalidAnswerTest extends GatewayTestSupport {
    private static final String OPENAI = "/v1/chat/completions";

    /** Bodies are sent verbatim with status 200; '|' separates the columns, and ¶ stands for a line break. */
    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            openai/gpt-4o-mini         | plain    | {"error":{"message":"quota","type":"server_error"}}
            openai/gpt-4o-mini         | plain    | {"id":"x","object":"chat.completion","choices":null}
            openai/gpt-4o-mini         | plain    | {"id":"x","object":"chat.completion","choices":[]}
            openai/gpt-4o-mini         | plain    | {}
            openai/gpt-4o-mini         | plain    | <html><body>502 Bad Gateway</body></html>
            openai/gpt-4o-mini         | plain    | {"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"cut
            openai/gpt-4o-mini         | plain    | {"id":"x","choices":[{"index":0,"finish_reason":"stop"}]}
            anthropic/claude-sonnet-4-5 | plain   | {"type":"error","error":{"type":"api_error","message":"boom"}}
            anthropic/claude-sonnet-4-5 | plain   | {"id":"msg_1","type":"message","role":"assistant"}
            gemini/gemini-2.5-flash    | plain    | {}
            gemini/gemini-2.5-flash    | plain    | {"candidates":[],"usageMetadata":{"promptTokenCount":3}}
            gemini/gemini-2.5-flash    | plain    | {"error":{"code":500,"message":"internal","status":"INTERNAL"}}
            openai/gpt-4o-mini         | streamed | data: {"id":"x","object":"chat.completion.chunk","choices":null}¶¶data: [DONE]¶¶
            anthropic/claude-sonnet-4-5 | streamed | event: message_stop¶data: {"type":"message_stop"}¶¶
            gemini/gemini-2.5-flash    | streamed | data: {}¶¶
            """)
    void emptyOrErrorAnswerIsAnInvalidResponse(String model, String request, String body) {
        simulator.enqueue(Fault.raw(body.replace('¶', '\n')));
        HttpResponse<String> r = ask(model, request.equals("streamed"));
        assertEquals(502, r.statusCode(), r.body());
        assertEquals("upstream_invalid_response", Http.error(r).get("code").asText(), r.body());
        assertEquals("1", r.headers().firstValue("x-gateway-attempts").orElse(null), "not retried");
        assertEquals(1, simulator.received().size());
    }

    /** reliable tries openai, then anthropic; cheapest tries openai, then gemini (by gateway.yaml's prices). */
    @ParameterizedTest(name = "{0} {1}, first member answers {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            reliable | plain    | {"error":{"message":"quota"}}                                    | anthropic
            reliable | streamed | data: {"error":{"message":"overloaded"}}¶¶                       | anthropic
            cheapest | plain    | {"id":"x","object":"chat.completion","choices":null}             | gemini
            cheapest | streamed | data: {"id":"x","choices":null}¶¶data: [DONE]¶¶                  | gemini
            """)
    void poolMovesOnFromAnInvalidAnswer(String pool, String request, String body, String servedBy) {
        simulator.enqueue(Fault.raw(body.replace('¶', '\n')).onPath(OPENAI));
        boolean stream = request.equals("streamed");
        HttpResponse<String> r = ask(pool, stream);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(servedBy, r.headers().firstValue("x-gateway-provider").orElse(null), r.body());
        assertEquals("2", r.headers().firstValue("x-gateway-attempts").orElse(null));
        String text = stream ? StreamingTest.text(r.body()) : r.body();
        assertTrue(text.contains("Simulated " + servedBy + " answer to: a question"), r.body());
    }

    private static HttpResponse<String> ask(String model, boolean stream) {
        return Http.post(gateway, "/v1/chat/completions", Http.chat(model, "a question", stream));
    }
}
