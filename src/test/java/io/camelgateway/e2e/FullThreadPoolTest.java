package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A threads: step whose pool and queue are full refuses the request in OpenAI's shape, instead of running the step
 * on the Netty event loop that called it (Camel's default, CallerRuns). The prompt-injection guard's pool is made
 * one thread with a queue of one, and a burst of chats is checked by it at once.
 */
@GatewayProperties({"gateway.guardrails.prompt-injection.mode=block", "gateway.guardrails.prompt-injection.threads=1",
        "gateway.guardrails.prompt-injection.queue=1"})
class FullThreadPoolTest extends GatewayTestSupport {
    private static final int BURST = 40;

    @BeforeAll
    static void modelLoaded() {
        PromptInjectionGuardTest.modelLoaded();
    }

    @Test
    void aBurstBeyondTheGuardsPoolIsAnswered503WithRetryAfterAndTheEventLoopKeepsServing() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(BURST + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean bursting = new AtomicBoolean(true);
        try {
            Future<List<Integer>> live = callers.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                while (bursting.get()) {
                    statuses.add(Http.get(gateway, "/health/live", null).statusCode());
                    Thread.sleep(20);
                }
                return statuses;
            });
            List<Future<HttpResponse<String>>> chats = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                chats.add(callers.submit(() -> {
                    start.await();
                    return Http.post(gateway, "/v1/chat/completions",
                            Http.chat("gpt-4o-mini", "What are your opening hours on Sunday?", false));
                }));
            }
            start.countDown();
            int refused = 0;
            for (Future<HttpResponse<String>> chat : chats) {
                HttpResponse<String> r = chat.get(60, TimeUnit.SECONDS);
                if (r.statusCode() == 503) {
                    JsonNode error = Http.error(r);
                    assertEquals("gateway_overloaded", error.path("code").asText(), r.body());
                    assertEquals("server_error", error.path("type").asText(), r.body());
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(null), "a retriable refusal");
                    refused++;
                } else {
                    assertEquals(200, r.statusCode(), "answered, or refused as retriable: " + r.body());
                }
            }
            bursting.set(false);
            assertTrue(refused > 0, "a full pool refuses rather than running the check on the event loop");
            List<Integer> liveStatuses = live.get(30, TimeUnit.SECONDS);
            assertTrue(!liveStatuses.isEmpty() && liveStatuses.stream().allMatch(s -> s == 200),
                    "/health/live answered throughout the burst: " + liveStatuses);
        } finally {
            bursting.set(false);
            callers.shutdownNow();
        }
    }
}
