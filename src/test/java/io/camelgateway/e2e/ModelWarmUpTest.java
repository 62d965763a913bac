package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.ProviderSimulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The local models load in the background once the gateway has started: it answers at once, a request that needs a
 * model still loading waits for it and is served, and /health/ready says WARMING_UP until they have all loaded.
 */
class ModelWarmUpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void requestsRightAtStartWaitForTheModelsStillLoadingAndReadinessFollowsTheLoad() throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.start(0);
             TestGateway gateway = TestGateway.start(simulator, Map.of(), Map.of("gateway.models.warm-up", "true"),
                     "", List.of())) {
            HttpResponse<String> readyAtStart = Http.get(gateway, "/health/ready", null);
            CompletableFuture<HttpResponse<String>> routed = CompletableFuture.supplyAsync(() -> Http.post(gateway,
                    "/v1/chat/completions", Http.chat("auto", "Write me a few rhyming lines about the sea at night",
                            false)));
            CompletableFuture<HttpResponse<String>> embedded = CompletableFuture.supplyAsync(() -> Http.post(gateway,
                    "/v1/embeddings", "{\"model\":\"local/all-minilm-l6-v2\",\"input\":\"the sea at night\"}"));

            assertEquals(503, readyAtStart.statusCode(), readyAtStart.body());
            assertEquals("WARMING_UP", JSON.readTree(readyAtStart.body()).path("status").asText(), readyAtStart.body());
            HttpResponse<String> r = routed.get();
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("creative_writing", r.headers().firstValue("x-gateway-intent").orElseThrow());
            assertEquals("embedding", r.headers().firstValue("x-gateway-tier").orElseThrow());
            HttpResponse<String> e = embedded.get();
            assertEquals(200, e.statusCode(), e.body());
            assertEquals(384, JSON.readTree(e.body()).path("data").path(0).path("embedding").size(), e.body());

            JsonNode ready = readyWithin(gateway, Duration.ofSeconds(60));
            assertEquals("UP", ready.path("status").asText(), ready.toString());
            assertEquals(Map.of("all-minilm-l6-v2", "loaded", "semantic-router", "loaded"),
                    JSON.convertValue(ready.path("models"), Map.class));
        }
    }

    private static JsonNode readyWithin(TestGateway gateway, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        HttpResponse<String> r;
        do {
            r = Http.get(gateway, "/health/ready", null);
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return fail("not ready within " + limit + ": " + r.body());
    }
}
