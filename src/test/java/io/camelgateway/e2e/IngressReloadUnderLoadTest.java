package io.camelgateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Users edit ingress.camel.yaml under load: while its HTTP routes are replaced, every caller still gets an answer. */
class IngressReloadUnderLoadTest extends GatewayTestSupport {
    private static final int CALLERS = 6;
    private static final int EDITS = 4;

    @Test
    void everyAnswerWhileTheIngressFileReloadsIsServedOrInOpenAisShape() throws Exception {
        Path ingress = gateway.dir().resolve("routes/ingress.camel.yaml");
        String original = Files.readString(ingress);
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        AtomicBoolean editing = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<Future<List<String>>> results = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            for (int c = 0; c < CALLERS; c++) {
                Supplier<HttpResponse<String>> call = c % 2 == 0
                        ? () -> Http.post(gateway, "/v1/chat/completions", Http.chat("openai/gpt-4o-mini", "hi", false))
                        : () -> Http.get(gateway, "/v1/models", TestGateway.CALLER_KEY);
                results.add(callers.submit(() -> {
                    List<String> failures = new ArrayList<>();
                    while (editing.get()) {
                        String failure = failure(call);
                        if (failure != null) {
                            failures.add(failure);
                        }
                        answered.incrementAndGet();
                    }
                    return failures;
                }));
            }
            for (int edit = 1; edit <= EDITS; edit++) {
                Thread.sleep(300);
                Files.writeString(ingress, original + "\n# edit " + edit + "\n");
                awaitReloads(logs, edit);
            }
            Thread.sleep(300);
        } finally {
            editing.set(false);
            callers.shutdown();
        }
        List<String> failures = new ArrayList<>();
        for (Future<List<String>> result : results) {
            failures.addAll(result.get(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), failures, "of " + answered.get() + " requests during " + EDITS + " reloads");
        assertTrue(answered.get() > 100, "the callers kept asking through the reloads: " + answered.get());
    }

    @Test
    void aStreamUnderWayKeepsStreamingWhileTheIngressFileReloads() throws Exception {
        Path ingress = gateway.dir().resolve("routes/ingress.camel.yaml");
        simulator.enqueue(Fault.slowChunks(Duration.ofMillis(400)));
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (LogCapture logs = new LogCapture()) {
            Future<HttpResponse<String>> stream = caller.submit(() -> Http.post(gateway, "/v1/chat/completions",
                    Http.chat("openai/gpt-4o-mini", "hi", true)));
            Thread.sleep(500);
            Files.writeString(ingress, Files.readString(ingress) + "\n# edited while streaming\n");
            List<String> failures = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (reloads(logs) == 0 && System.nanoTime() < deadline) {
                String failure = failure(() -> Http.get(gateway, "/v1/models", TestGateway.CALLER_KEY));
                if (failure != null) {
                    failures.add(failure);
                }
            }
            assertEquals(1, reloads(logs), "ingress.camel.yaml was reloaded: " + logs.lines());
            assertEquals(List.of(), failures, "requests while the file reloaded");
            HttpResponse<String> streamed = stream.get(30, TimeUnit.SECONDS);
            assertEquals(200, streamed.statusCode(), streamed.body());
            assertTrue(streamed.body().endsWith("data: [DONE]\n\n"), "the stream ends whole: " + streamed.body());
        } finally {
            caller.shutdown();
        }
    }

    @Test
    void aRequestHeldLongerThanTheReloadWaitGetsA503InOpenAisShape() throws Exception {
        Path ingress = gateway.dir().resolve("routes/ingress.camel.yaml");
        // A plain answer that takes 4 s keeps the old chat route from stopping until it is written.
        simulator.enqueue(Fault.slowHeaders(Duration.ofSeconds(4)));
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (LogCapture logs = new LogCapture()) {
            Future<HttpResponse<String>> slow = caller.submit(() -> Http.post(gateway, "/v1/chat/completions",
                    Http.chat("anthropic/claude-sonnet-4-5", "hi", false)));
            Thread.sleep(300);
            Files.writeString(ingress, Files.readString(ingress) + "\n# edited under a slow answer\n");
            HttpResponse<String> held = null;
            long asked = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while ((held == null || held.statusCode() == 200) && reloads(logs) == 0 && System.nanoTime() < deadline) {
                asked = System.nanoTime();
                held = Http.get(gateway, "/v1/models", TestGateway.CALLER_KEY);
            }
            long waitedMs = (System.nanoTime() - asked) / 1_000_000;
            assertEquals(503, held.statusCode(), held.body());
            assertEquals("gateway_reloading", Http.error(held).get("code").asText());
            assertEquals("server_error", Http.error(held).get("type").asText());
            assertEquals("1", held.headers().firstValue("Retry-After").orElse("none"));
            assertTrue(waitedMs >= 1500 && waitedMs < 3500, "held about 2 s before the refusal: " + waitedMs + " ms");
            assertEquals(200, slow.get(30, TimeUnit.SECONDS).statusCode(), "the slow answer ends on its old route");
            awaitReloads(logs, 1);
            assertEquals(200, Http.get(gateway, "/v1/models", TestGateway.CALLER_KEY).statusCode());
        } finally {
            caller.shutdown();
        }
    }

    /** What is wrong with this call's answer, or null when it is served or refused in OpenAI's error shape. */
    private static String failure(Supplier<HttpResponse<String>> call) {
        HttpResponse<String> answer;
        try {
            answer = call.get();
        } catch (UncheckedIOException | IllegalStateException e) {
            return "no answer: " + e.getCause();
        }
        if (answer.statusCode() == 200) {
            return null;
        }
        String seen = answer.statusCode() + " '" + answer.body() + "'";
        try {
            JsonNode error = Json.tree(answer.body()).path("error");
            boolean openAiShape = error.path("message").isTextual() && error.path("type").isTextual()
                    && error.has("param") && error.path("code").isTextual();
            boolean retryable = answer.statusCode() == 503 && answer.headers().firstValue("Retry-After").isPresent();
            return openAiShape && retryable ? null : seen;
        } catch (IOException notJson) {
            return seen;
        }
    }

    private static void awaitReloads(LogCapture logs, int count) throws InterruptedException {
        for (int i = 0; i < 150 && reloads(logs) < count; i++) {
            Thread.sleep(50);
        }
        assertEquals(count, reloads(logs), "ingress.camel.yaml was reloaded: " + logs.lines());
    }

    private static long reloads(LogCapture logs) {
        return logs.lines().stream().filter(l -> l.startsWith("Route file ingress.camel.yaml reloaded")).count();
    }
}
