package io.camelgateway.e2e;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool member whose breaker opened comes back once its provider has recovered, even while another member is
 * healthy: its breaker goes half-open after the open time, and the pool then tries it. Breakers here open after 2
 * failures of the last 4 calls and stay open 1 s; retries are off, so each request is one call per member.
 */
@QuickBreakers
class BreakerRecoveryTest extends GatewayTestSupport {

    @Test
    void recoveredMemberTakesOverWhenTheHealthyOneFails() throws Exception {
        openAnthropicsBreaker();
        Thread.sleep(1300); // anthropic has recovered (no more faults), and its open time is over
        assertEquals("HALF_OPEN", breakerState("anthropic"), "the breaker moves on without a call");

        simulator.enqueue(Fault.error(500).forever().onPath("/v1/chat/completions")); // now openai fails
        HttpResponse<String> first = ask("reliable");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("anthropic", first.headers().firstValue("x-gateway-provider").orElse(null));
        assertEquals("2", first.headers().firstValue("x-gateway-attempts").orElse(null), "openai, then anthropic");
        for (int i = 0; i < 5; i++) { // until openai's own breaker opens, and after
            HttpResponse<String> r = ask("reliable");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("anthropic", r.headers().firstValue("x-gateway-provider").orElse(null));
        }
        assertEquals("CLOSED", breakerState("anthropic"), "the probe closed it");
    }

    @Test
    void recoveredMemberServesItsShareAgain() throws Exception {
        openAnthropicsBreaker();
        for (int i = 0; i < 4; i++) {
            assertEquals("openai", ask("balanced").headers().firstValue("x-gateway-provider").orElse(null),
                    "anthropic is out of rotation while open");
        }
        Thread.sleep(1300);
        int anthropic = 0;
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = ask("balanced");
            assertEquals(200, r.statusCode(), r.body());
            anthropic += "anthropic".equals(r.headers().firstValue("x-gateway-provider").orElse(null)) ? 1 : 0;
        }
        assertTrue(anthropic >= 1, "round robin gives the recovered member its turns: " + anthropic + " of 4");
        assertEquals("CLOSED", breakerState("anthropic"));
    }

    private static void openAnthropicsBreaker() throws Exception {
        simulator.enqueue(Fault.error(500).withTimes(4).onPath("/v1/messages"));
        for (int i = 0; i < 4 && !"OPEN".equals(breakerState("anthropic")); i++) {
            assertEquals(502, ask("anthropic/claude-sonnet-4-5").statusCode());
        }
        assertEquals("OPEN", breakerState("anthropic"));
        simulator.clearFaults(); // anthropic recovers
    }

    private static HttpResponse<String> ask(String model) {
        return Http.post(gateway, "/v1/chat/completions", Http.chat(model, "hi", false));
    }

    private static String breakerState(String provider) {
        return Http.breaker(gateway, provider).path("state").asText();
    }
}
