package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelgateway.limits.RedisServer;
import io.camelgateway.simulator.ProviderSimulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateways on one real Redis share the exact cache: what one was answered, the other answers from the cache.
 * A gateway whose Redis has stopped keeps answering, from its own cache and its providers.
 */
class SharedCacheTest {
    static final String CACHE = """
            cache:
              ttl: 5m
              redisTimeout: 100ms
            """;

    static ProviderSimulator simulator;
    static TestGateway one;
    static TestGateway two;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(0);
        Map<String, String> env = Map.of("GATEWAY_REDIS_URL", RedisServer.shared().url());
        one = TestGateway.start(simulator, env, Map.of(), CACHE);
        two = TestGateway.start(simulator, env, Map.of(), CACHE);
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
        simulator.close();
    }

    @Test
    void anAnswerOneGatewayKeptTheOtherAnswersFromTheCache() {
        String question = "shared question " + UUID.randomUUID();
        String body = Http.chat("gpt-4o-mini", question, false);
        HttpResponse<String> first = ExactCacheTest.chat(one, body, TestGateway.CALLER_KEY);
        HttpResponse<String> second = awaitHit(two, body);

        assertEquals("miss", first.headers().firstValue("x-gateway-cache").orElse(null));
        assertEquals(ExactCacheTest.content(first), ExactCacheTest.content(second));
        assertEquals(1, simulator.received().stream().filter(r -> r.body().contains(question)).count());
    }

    @Test
    void aStreamOneGatewayKeptTheOtherReplays() {
        String text = "shared story " + UUID.randomUUID();
        HttpResponse<String> first = ExactCacheTest.chat(one, ExactCacheTest.streamBody(text), TestGateway.CALLER_KEY);
        HttpResponse<String> second = awaitHit(two, ExactCacheTest.streamBody(text));

        assertEquals(StreamingTest.text(first.body()), StreamingTest.text(second.body()));
    }

    @Test
    void aGatewayWhoseRedisStoppedKeepsAnswering() {
        RedisServer own = RedisServer.start();
        TestGateway alone = TestGateway.start(simulator, Map.of("GATEWAY_REDIS_URL", own.url()), Map.of(), CACHE);
        try {
            String body = Http.chat("gpt-4o-mini", "while redis is down " + UUID.randomUUID(), false);
            own.close();
            long start = System.nanoTime();
            HttpResponse<String> first = ExactCacheTest.chat(alone, body, TestGateway.CALLER_KEY);
            HttpResponse<String> second = ExactCacheTest.chat(alone, body, TestGateway.CALLER_KEY);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(200, first.statusCode(), first.body());
            assertEquals("miss", first.headers().firstValue("x-gateway-cache").orElse(null));
            assertEquals("hit", second.headers().firstValue("x-gateway-cache").orElse(null), "from its own cache");
            assertTrue(millis < 3_000, "answered in " + millis + " ms");
        } finally {
            alone.close();
        }
    }

    /** The gateway's answer once the other's write has reached Redis (it is not waited for). */
    private static HttpResponse<String> awaitHit(TestGateway gateway, String body) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        HttpResponse<String> r;
        do {
            ExactCacheTest.sleep(50);
            r = ExactCacheTest.chat(gateway, body, TestGateway.CALLER_KEY, "Cache-Control", "no-store");
        } while (!"hit".equals(r.headers().firstValue("x-gateway-cache").orElse(null)) && System.nanoTime() < deadline);
        assertEquals("hit", r.headers().firstValue("x-gateway-cache").orElse(null), r.body());
        return r;
    }
}
