package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camelgateway.simulator.Fault;
import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "reliable" pool of routes/pools.camel.yaml through real HTTP: openai first, anthropic second. A provider
 * fault before the answer starts moves to the next member, plain or streamed, with the same request; a caller's 4xx
 * does not. FaultMatrixTest has the pool's row for each kind of fault (slow first byte, a cut stream, all down...).
 */
// Breakers that do not open within this class's few calls: each test sees failover alone (see CircuitBreakerTest).
@GatewayProperties({"gateway.breaker.minimum-calls=50", "gateway.breaker.window-calls=50"})
class FailoverPoolTest extends GatewayTestSupport {

    private static HttpResponse<String> ask(boolean stream) {
        return Http.post(gateway, "/v1/chat/completions", Http.chat("reliable", "a question for the pool", stream));
    }

    @Test
    void healthyFirstMemberAnswersInOneAttempt() {
        HttpResponse<String> r = ask(false);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("openai", r.headers().firstValue("x-gateway-provider").orElseThrow());
        assertEquals("1", r.headers().firstValue("x-gateway-attempts").orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"500,false", "500,true", "429,false", "503,true"})
    void providerFaultBeforeTheAnswerMovesToTheNextMember(int status, boolean stream) {
        simulator.enqueue(Fault.error(status).onPath("/v1/chat/completions"));
        HttpResponse<String> r = ask(stream);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("anthropic", r.headers().firstValue("x-gateway-provider").orElseThrow());
        assertEquals("2", r.headers().firstValue("x-gateway-attempts").orElseThrow());
        String text = stream ? StreamingTest.text(r.body()) : r.body();
        assertTrue(text.contains("Simulated anthropic answer to: a question for the pool"), r.body());
        List<RecordedRequest> received = simulator.received();
        assertEquals(2, received.size());
        assertTrue(received.get(1).body().contains("a question for the pool"), "the same request, translated");
    }

    @Test
    void callersOwnErrorIsNotTriedElsewhere() {
        simulator.enqueue(Fault.error(400).onPath("/v1/chat/completions"));
        HttpResponse<String> r = ask(false);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(1, simulator.received().size());
    }

    @Test
    void balancedPoolTakesTurnsAndStillFailsOver() {
        java.util.Set<String> providers = new java.util.HashSet<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat("balanced", "hi", false));
            assertEquals(200, r.statusCode(), r.body());
            providers.add(r.headers().firstValue("x-gateway-provider").orElseThrow());
        }
        assertEquals(java.util.Set.of("openai", "anthropic"), providers, "both members take requests");

        simulator.enqueue(Fault.error(500).onPath("/v1/messages"));
        simulator.enqueue(Fault.error(500).onPath("/v1/chat/completions"));
        HttpResponse<String> bothFailOnce = Http.post(gateway, "/v1/chat/completions", Http.chat("balanced", "hi", false));
        assertEquals(502, bothFailOnce.statusCode(), "one try of each member, then the provider error");
        assertEquals("2", bothFailOnce.headers().firstValue("x-gateway-attempts").orElseThrow());
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat("balanced", "hi", false));
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void operatorsSeeEachPoolsRequestsAndFailovers() throws Exception {
        long before = pools().path("reliable").path("failovers").asLong();
        simulator.enqueue(Fault.error(500).onPath("/v1/chat/completions"));
        assertEquals(200, ask(false).statusCode());
        assertEquals(before + 1, pools().path("reliable").path("failovers").asLong());
        assertTrue(pools().path("reliable").path("requests").asLong() >= 1);
    }

    private static com.fasterxml.jackson.databind.JsonNode pools() throws Exception {
        return io.camelgateway.api.Json.MAPPER.readTree(Http.get(gateway, "/health/ready", null).body()).path("pools");
    }
}
