package io.camelgateway.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reloading route files, however often and whatever the edits (broken ones put right included), leaves the
 * provider-call retries working. (A gateway whose retries hung after about 50 minutes of edits was reported; this
 * did not reproduce it on the code before the reload changes either: a guard, not a reproduction.)
 */
@GatewayProperties({
        "gateway.retry.base-delay-ms=20",
        "gateway.retry.max-delay-ms=100"
})
class RouteReloadRetryTest extends GatewayTestSupport {
    private static final List<String> FILES = List.of("providers.camel.yaml", "chat.camel.yaml",
            "pools.camel.yaml", "fanout.camel.yaml", "ingress.camel.yaml");

    @Test
    void retriesStillWorkAfterEveryRouteFileWasEditedSeveralTimes() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            for (String file : List.of("providers.camel.yaml", "chat.camel.yaml", "pools.camel.yaml")) {
                Path routes = gateway.dir().resolve("routes").resolve(file);
                String good = Files.readString(routes);
                Files.writeString(routes, good.replace("ref: credentialEnricher", "ref: credentialEnrichr")
                        .replace("ref: modelResolver", "ref: modelResolvr"));
                for (int i = 0; i < 150 && logs.lines().stream().noneMatch(l -> l.contains(file + " not loaded")); i++) {
                    Thread.sleep(100);
                }
                assertTrue(logs.lines().stream().anyMatch(l -> l.contains(file + " not loaded")), "refused: " + file);
                Files.writeString(routes, good + "\n# fixed\n");
            }
            for (int round = 0; round < 3; round++) {
                for (String file : FILES) {
                    long reloads = reloads(logs);
                    touch(gateway.dir().resolve("routes").resolve(file), round);
                    for (int i = 0; i < 150 && reloads(logs) == reloads; i++) {
                        Thread.sleep(100);
                    }
                    assertTrue(reloads(logs) > reloads, file + " was reloaded: " + logs.lines());
                }
            }
        }
        assertEquals(200, servedOnceReady().statusCode(), "a request that needs no retry is served");
        simulator.enqueue(Fault.error(503).withTimes(1));
        HttpResponse<String> retried = Http.post(gateway, "/v1/chat/completions",
                Http.chat("openai/gpt-4o-mini", "hello", false));
        assertEquals(200, retried.statusCode(), retried.body());
        assertEquals("2", retried.headers().firstValue("x-gateway-attempts").orElse("none"));

        simulator.enqueue(Fault.error(500).forever());
        HttpResponse<String> exhausted = Http.post(gateway, "/v1/chat/completions",
                Http.chat("openai/gpt-4o-mini", "hello", false));
        assertEquals(502, exhausted.statusCode(), exhausted.body());
        assertEquals("upstream_error", Http.error(exhausted).get("code").asText(), "still OpenAI's error shape");
        assertEquals("3", exhausted.headers().firstValue("x-gateway-attempts").orElse("none"));
    }

    @Test
    void aRetryWaitingWhileTheProviderRouteIsReplacedIsStillServed() throws Exception {
        // Camel schedules the retry on the context's redelivery pool: the edit lands while it waits, and the reload
        // either waits for it or replaces the route under it (its error handler still runs it).
        simulator.enqueue(Fault.error(503, "3").withTimes(1));
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (LogCapture logs = new LogCapture()) {
            Future<HttpResponse<String>> retried = caller.submit(() -> Http.post(gateway, "/v1/chat/completions",
                    Http.chat("openai/gpt-4o-mini", "hello", false)));
            Thread.sleep(300);
            long reloads = reloads(logs);
            touch(gateway.dir().resolve("routes/providers.camel.yaml"), 99);
            assertFalse(retried.isDone(), "the edit came while the retry was waiting for its Retry-After");
            HttpResponse<String> answer = retried.get(20, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("2", answer.headers().firstValue("x-gateway-attempts").orElse("none"));
            for (int i = 0; i < 150 && reloads(logs) == reloads; i++) {
                Thread.sleep(100);
            }
            assertTrue(reloads(logs) > reloads, "providers.camel.yaml was reloaded: " + logs.lines());
        } finally {
            caller.shutdown();
        }
    }

    /** The first answer once the ingress routes listen again after their file's reload. */
    private static HttpResponse<String> servedOnceReady() throws InterruptedException {
        for (int i = 0; ; i++) {
            try {
                return Http.post(gateway, "/v1/chat/completions", Http.chat("openai/gpt-4o-mini", "hello", false));
            } catch (RuntimeException rebinding) {
                if (i == 50) {
                    throw rebinding;
                }
                Thread.sleep(100);
            }
        }
    }

    private static long reloads(LogCapture logs) {
        return logs.lines().stream().filter(l -> l.startsWith("Route file ") && l.contains(" reloaded: ")).count();
    }

    /** An edit that changes nothing the routes do: a comment at the end. */
    private static void touch(Path file, int round) throws IOException {
        Files.writeString(file, Files.readString(file) + "\n# edited " + round + "\n");
    }
}
