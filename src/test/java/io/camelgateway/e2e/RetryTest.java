package io.camelgateway.e2e;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retries of a single model's provider call, through real HTTP: what the provider did not serve is tried again
 * after a short jittered wait, or after its Retry-After when that fits the budget; the rest is answered at once.
 * Here: at most 2 retries, waits of up to 20 then 40 ms, 2 s of waiting per request.
 */
@GatewayProperties({
        "gateway.retry.base-delay-ms=20",
        "gateway.retry.max-delay-ms=100",
        "gateway.retry.budget-ms=2000",
        "gateway.breaker.minimum-calls=50",
        "gateway.breaker.window-calls=50"
})
class RetryTest extends GatewayTestSupport {

    private static HttpResponse<String> ask(boolean stream) {
        return Http.post(gateway, "/v1/chat/completions", Http.chat("openai/gpt-4o-mini", "a question", stream));
    }

    private static String attempts(HttpResponse<String> r) {
        return r.headers().firstValue("x-gateway-attempts").orElse("none");
    }

    @Test
    void overloadedOnceIsRetriedWithoutTheCallerNoticing() {
        simulator.enqueue(Fault.error(503));
        long start = System.nanoTime();
        HttpResponse<String> r = ask(false);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(millis < 500, "retried after at most 20 ms (Camel's own default is 1 s): " + millis + " ms");
        assertTrue(r.body().contains("Simulated openai answer to: a question"), r.body());
        assertEquals("2", attempts(r));
        assertEquals(2, simulator.received().size());
        assertFalse(r.headers().map().keySet().stream().anyMatch(h -> h.toLowerCase().contains("redelivery")),
                "Camel's retry headers stay inside: " + r.headers().map());
    }

    @Test
    void firstTrySuccessSaysOneAttempt() {
        HttpResponse<String> r = ask(false);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("1", attempts(r));
    }

    @Test
    void retryWaitsForTheProvidersRetryAfter() {
        simulator.enqueue(Fault.error(429, "1.5"));
        long start = System.nanoTime();
        HttpResponse<String> r = ask(false);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("2", attempts(r));
        assertTrue(millis >= 1500, "retried after the provider's 1.5 s, not the 20 ms backoff: " + millis + " ms");
    }

    @Test
    void retryAfterBeyondTheBudgetIsPassedOnAtOnce() {
        simulator.enqueue(Fault.error(429, "30"));
        long start = System.nanoTime();
        HttpResponse<String> r = ask(false);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("30", r.headers().firstValue("retry-after").orElseThrow());
        assertEquals("rate_limited", Http.error(r).get("code").asText());
        assertEquals("1", attempts(r));
        assertEquals(1, simulator.received().size());
        assertTrue(millis < 1000, "answered at once: " + millis + " ms");
    }

    @Test
    void callersOwnErrorIsNotRetried() {
        simulator.enqueue(Fault.error(400));
        HttpResponse<String> r = ask(false);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("1", attempts(r));
        assertEquals(1, simulator.received().size());
    }

    @Test
    void persistentFailureIsAnsweredAfterTheLastRetry() {
        simulator.enqueue(Fault.error(500).forever());
        try (LogCapture logs = new LogCapture()) {
            HttpResponse<String> r = ask(false);
            assertEquals(502, r.statusCode(), r.body());
            assertEquals("upstream_error", Http.error(r).get("code").asText());
            assertEquals("3", attempts(r));
            assertEquals(3, simulator.received().size());
            assertEquals(1, logs.lines().stream().filter(l -> l.contains("failed (HTTP 500)")).count(),
                    "one line for the answer, none from Camel's error handler: " + logs.lines());
        }
    }

    @Test
    void streamIsRetriedBeforeItsFirstChunk() {
        simulator.enqueue(Fault.cutAfter(0));
        HttpResponse<String> r = ask(true);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("Simulated openai answer to: a question", StreamingTest.text(r.body()));
        assertTrue(r.body().endsWith("data: [DONE]\n\n"), r.body());
        assertEquals("2", attempts(r));
        assertEquals(2, simulator.received().size());
    }

    @Test
    void streamIsNotRetriedOnceItHasStarted() {
        simulator.enqueue(Fault.cutAfter(3));
        HttpResponse<String> r = ask(true);
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("upstream_connection_lost"), r.body());
        assertFalse(r.body().contains("[DONE]"), r.body());
        assertEquals(1, simulator.received().size());
    }
}
