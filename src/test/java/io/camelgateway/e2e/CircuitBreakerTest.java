package io.camelgateway.e2e;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each provider's circuit breaker, through real HTTP: provider failures open it, an open breaker answers at once
 * without calling the provider, a probe after the open time closes it again, and a caller's own 4xx never counts.
 * The breakers here open after 2 failures of the last 4 calls and stay open 1 s; retries are off, so each request
 * is one call.
 */
@QuickBreakers
class CircuitBreakerTest extends GatewayTestSupport {

    private static HttpResponse<String> ask(String model) {
        return Http.post(gateway, "/v1/chat/completions", Http.chat(model, "hi", false));
    }

    @Test
    void providerFailuresOpenTheBreakerAndAProbeClosesIt() throws Exception {
        simulator.clearReceived();
        simulator.enqueue(Fault.error(500).withTimes(4).onPath("/v1/chat/completions"));
        for (int i = 0; i < 4; i++) {
            assertEquals(502, ask("openai/gpt-4o-mini").statusCode());
        }
        assertEquals("OPEN", Http.breaker(gateway, "openai").path("state").asText());

        HttpResponse<String> shortCut = ask("openai/gpt-4o-mini");
        assertEquals(503, shortCut.statusCode(), shortCut.body());
        assertEquals("provider_circuit_open", Http.error(shortCut).get("code").asText());
        assertEquals(4, simulator.received().size(), "an open breaker does not call the provider");
        assertEquals(200, ask("anthropic/claude-sonnet-4-5").statusCode(), "other providers are not affected");

        Thread.sleep(1100);
        assertEquals(200, ask("openai/gpt-4o-mini").statusCode(), "the half-open probe goes through");
        assertEquals("CLOSED", Http.breaker(gateway, "openai").path("state").asText());
    }

    @Test
    void callersOwnErrorsDoNotCount() throws Exception {
        simulator.enqueue(Fault.error(400).withTimes(6).onPath("/v1/messages"));
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = ask("anthropic/claude-sonnet-4-5");
            assertEquals(400, r.statusCode(), r.body());
        }
        JsonNode state = Http.breaker(gateway, "anthropic");
        assertEquals("CLOSED", state.path("state").asText(), state.toString());
        assertTrue(state.path("failureRatePercent").asDouble() <= 0, state.toString());
    }

    @Test
    void streamsCutAfterTheirFirstChunkCountAsFailures() throws Exception {
        simulator.enqueue(Fault.cutAfter(2).withTimes(4).onPath("streamGenerateContent"));
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                    Http.chat("gemini/gemini-2.5-flash", "tell me a long story", true));
            assertEquals(200, r.statusCode(), "the stream had started");
            assertTrue(r.body().contains("data: {\"error\"") && !r.body().contains("[DONE]"), r.body());
        }
        assertEquals("OPEN", Http.breaker(gateway, "gemini").path("state").asText(), Http.breaker(gateway, "gemini").toString());
    }
}
