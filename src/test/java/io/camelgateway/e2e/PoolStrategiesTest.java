package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.camelgateway.api.Json;
import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The balancing strategies of routes/pools.camel.yaml through real HTTP: weighted (canary, 9:1), least-latency
 * (fastest), cost (cheapest), and an open circuit breaker taking a member out of rotation. Breakers here open
 * after 2 failures of the last 4 calls and stay open a minute, so that test runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@GatewayProperties({
        "gateway.breaker.window-calls=4",
        "gateway.breaker.minimum-calls=4",
        "gateway.breaker.open-ms=60000"
})
class PoolStrategiesTest extends GatewayTestSupport {

    private static HttpResponse<String> ask(String pool) {
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat(pool, "which one?", false));
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }

    private static String served(HttpResponse<String> r) {
        return r.headers().firstValue("x-gateway-provider").orElseThrow() + "/"
                + r.headers().firstValue("x-gateway-model").orElseThrow();
    }

    @Test
    @Order(1)
    void weightedPoolSendsNineInTenToTheFirstMember() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            counts.merge(served(ask("canary")), 1, Integer::sum);
        }
        assertEquals(45, counts.get("openai/gpt-4o-mini"), counts.toString());
        assertEquals(5, counts.get("openai/gpt-4.1-mini"), counts.toString());
    }

    @Test
    @Order(2)
    void costPoolTriesTheCheapestHealthyMemberFirst() {
        assertEquals("openai/gpt-4o-mini", served(ask("cheapest")));
        simulator.enqueue(Fault.error(503).onPath("/chat/completions"));
        HttpResponse<String> r = ask("cheapest");
        assertEquals("gemini/gemini-2.5-flash", served(r), "the next cheapest");
        assertEquals("2", r.headers().firstValue("x-gateway-attempts").orElseThrow());
    }

    @Test
    @Order(3)
    void leastLatencyPoolSettlesOnTheFastestMember() {
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(300)).onPath("/chat/completions").forever());
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(300)).onPath("/v1/messages").forever());
        for (int i = 0; i < 3; i++) {
            ask("fastest"); // each member is tried once to learn its latency
        }
        for (int i = 0; i < 10; i++) {
            assertEquals("gemini/gemini-2.5-flash", served(ask("fastest")));
        }
    }

    @Test
    @Order(4)
    void poolsReportTheirStrategyAndMembers() throws Exception {
        ask("fastest");
        JsonNode pools = Json.tree(Http.get(gateway, "/health/ready", null).body()).path("pools");
        JsonNode fastest = pools.path("fastest");
        assertEquals("least-latency", fastest.path("strategy").asText(), pools.toString());
        assertTrue(fastest.path("requests").asLong() >= 1, pools.toString());
        assertTrue(fastest.at("/members/gemini~1gemini-2.5-flash/served").asLong() >= 1, pools.toString());
        assertEquals("weighted", pools.at("/canary/strategy").asText());
    }

    @Test
    @Order(5)
    void openBreakerTakesAMemberOutOfRotation() throws Exception {
        simulator.enqueue(Fault.error(500).onPath("/chat/completions").forever());
        for (int i = 0; i < 8; i++) {
            ask("balanced"); // openai fails, anthropic answers; openai starts every other request
        }
        JsonNode breaker = Http.breaker(gateway, "openai");
        assertEquals("OPEN", breaker.path("state").asText(), breaker.toString());
        simulator.clearReceived();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = ask("balanced");
            assertEquals("anthropic/claude-sonnet-4-5", served(r));
            assertEquals("1", r.headers().firstValue("x-gateway-attempts").orElseThrow(), "openai is not even tried");
        }
        assertTrue(simulator.received().stream().noneMatch(q -> q.path().contains("/chat/completions")));
    }
}
