package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camelgateway.simulator.Fault;
import io.camelgateway.simulator.ProviderSimulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The figure: the "reliable" pool takes 1,000 requests, 8 at a time, while its first member fails every
 * other call. Once with the default circuit breakers (openai's opens and the pool leaves it out), once with
 * breakers that never open (every failing call fails over). Each runs on its own gateway.
 */
class PoolUnderFailureTest {
    static ProviderSimulator simulator;
    static TestGateway withBreakers;
    static TestGateway withoutBreakers;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(0);
        withBreakers = TestGateway.start(simulator);
        withoutBreakers = TestGateway.start(simulator, Map.of(), Map.of("gateway.breaker.minimum-calls", "1000000",
                "gateway.breaker.window-calls", "1000000"));
    }

    @AfterAll
    static void stop() {
        withBreakers.close();
        withoutBreakers.close();
        simulator.close();
    }

    @ParameterizedTest(name = "stream {0}, breakers {1}")
    @CsvSource({"false,true", "true,true", "false,false", "true,false"})
    void everyRequestSucceedsWhileOneOfTwoMembersFailsHalfItsCalls(boolean stream, boolean breakers)
            throws Exception {
        TestGateway gateway = breakers ? withBreakers : withoutBreakers;
        simulator.clearFaults();
        simulator.enqueue(Fault.error(500).everyNth(2).forever().onPath("/v1/chat/completions"));
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        long start = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 1000; i++) {
            answers.add(clients.submit(() -> Http.post(gateway, "/v1/chat/completions",
                    Http.chat("reliable", "a question for the pool", stream))));
        }
        clients.shutdown();
        clients.awaitTermination(5, TimeUnit.MINUTES);
        long millis = (System.nanoTime() - start) / 1_000_000;
        int ok = 0;
        Map<String, Integer> servedBy = new TreeMap<>();
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> r = answer.get();
            if (r.statusCode() == 200 && (!stream || r.body().contains("[DONE]"))) {
                ok++;
            }
            servedBy.merge(r.headers().firstValue("x-gateway-provider").orElse("none") + " after "
                    + r.headers().firstValue("x-gateway-attempts").orElse("?"), 1, Integer::sum);
        }
        System.out.printf("pool 'reliable', first member failing every other call, %s, breakers %s: %d of 1000 "
                + "succeeded in %d ms (8 clients); %s%n", stream ? "streamed" : "plain", breakers ? "on" : "off", ok,
                millis, servedBy);
        assertEquals(1000, ok, servedBy.toString());
    }
}
