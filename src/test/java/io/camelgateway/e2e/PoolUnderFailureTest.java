package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The "reliable" pool under a failing member, 1,000 requests each way, with the default circuit breakers (its own
 * gateway: the first member's breaker opens here and would change what other tests see).
 */
class PoolUnderFailureTest extends GatewayTestSupport {

    /** The figure: 1,000 requests while the first member fails every other call. */
    @ParameterizedTest
    @CsvSource({"false", "true"})
    void everyRequestSucceedsWhileOneOfTwoMembersFailsHalfItsCalls(boolean stream) {
        simulator.clearFaults();
        simulator.enqueue(Fault.error(500).everyNth(2).forever().onPath("/v1/chat/completions"));
        int ok = 0;
        Map<String, Integer> servedBy = new TreeMap<>();
        for (int i = 0; i < 1000; i++) {
            HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                    Http.chat("reliable", "a question for the pool", stream));
            if (r.statusCode() == 200 && (!stream || r.body().contains("[DONE]"))) {
                ok++;
            }
            servedBy.merge(r.headers().firstValue("x-gateway-provider").orElse("none") + " after "
                    + r.headers().firstValue("x-gateway-attempts").orElse("?"), 1, Integer::sum);
        }
        System.out.printf("pool 'reliable', first member failing every other call, %s: %d of 1000 succeeded; %s%n",
                stream ? "streamed" : "plain", ok, servedBy);
        assertEquals(1000, ok, servedBy.toString());
    }
}
