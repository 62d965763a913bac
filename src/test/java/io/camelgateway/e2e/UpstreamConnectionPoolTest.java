package io.camelgateway.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's connections to a provider host: at most 8 of them (all the test providers share the simulator's
 * host), a call waits up to 2 s for one and then gets the gateway's own 503, idle ones close after 1 s, and a
 * provider's {@code Connection: close} closes one at once. The breaker here would open on 2 provider faults of 4.
 * ({@link UpstreamOpenFilesTest} shows the open files flat across runs.)
 */
@GatewayProperties({
        "gateway.upstream.max-connections-per-host=8",
        "gateway.upstream.connection-wait-ms=2000",
        "gateway.upstream.idle-timeout-ms=1000",
        "gateway.breaker.window-calls=4",
        "gateway.breaker.minimum-calls=2",
        "gateway.breaker.failure-rate-percent=50",
        "gateway.retry.max-retries=0"
})
class UpstreamConnectionPoolTest extends GatewayTestSupport {
    private static final String MODEL = "private/llama3.2"; // OpenAI's format with the default time limits

    @AfterEach
    void reset() {
        simulator.chunkDelay(Duration.ZERO);
    }

    @Test
    void streamsBeyondTheCapWaitForAConnection() throws Exception {
        awaitNoConnections();
        simulator.resetPeakConnections();
        simulator.chunkDelay(Duration.ofMillis(40)); // about 400 ms a stream
        List<HttpResponse<String>> answers = streams(Http.CLIENT, 12).get(20, TimeUnit.SECONDS);

        for (HttpResponse<String> answer : answers) {
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.body().endsWith("data: [DONE]\n\n"), answer.body());
        }
        assertEquals(8, simulator.peakConnections(), "connections open at once at the provider");
    }

    @Test
    void aCallThatGetsNoConnectionInTimeIsTheGatewaysOwn503AndNotTheProviders() throws Exception {
        awaitNoConnections();
        simulator.chunkDelay(Duration.ofMillis(500)); // about 5 s a stream
        CompletableFuture<List<HttpResponse<String>>> holding = streams(Http.CLIENT, 8);
        waitFor(() -> simulator.openConnections() == 8, 5000);

        List<CompletableFuture<HttpResponse<String>>> extra = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            extra.add(CompletableFuture.supplyAsync(() -> Http.post(gateway, "/v1/chat/completions",
                    Http.chat(MODEL, "hi", false))));
        }
        for (CompletableFuture<HttpResponse<String>> call : extra) {
            HttpResponse<String> refused = call.get(10, TimeUnit.SECONDS);
            assertEquals(503, refused.statusCode(), refused.body());
            JsonNode error = Http.error(refused);
            assertEquals("gateway_overloaded", error.get("code").asText());
            assertEquals("server_error", error.get("type").asText());
            assertTrue(error.get("message").asText().contains("limit of connections"), refused.body());
        }
        // A provider whose answer must start within 500 ms: still waiting for a connection then is not its fault.
        HttpResponse<String> impatient = Http.post(gateway, "/v1/chat/completions",
                Http.chat("brief/gpt-4o-mini", "hi", false));
        assertEquals(503, impatient.statusCode(), impatient.body());
        assertEquals("gateway_overloaded", Http.error(impatient).get("code").asText());
        assertTrue(Http.error(impatient).get("message").asText().contains("firstByteTimeout of 500 ms"),
                impatient.body());
        assertEquals(8, simulator.received().size(), "the refused calls never reached the provider");
        holding.get(20, TimeUnit.SECONDS).forEach(r -> assertEquals(200, r.statusCode(), r.body()));

        JsonNode breakers = Json.MAPPER.readTree(Http.get(gateway, "/health/ready", null).body())
                .path("circuitBreakers");
        assertEquals("CLOSED", breakers.path("private").path("state").asText(), breakers.toString());
        assertEquals(0.0, breakers.path("private").path("failureRatePercent").asDouble(), breakers.toString());
        assertEquals(0, breakers.path("brief").path("bufferedCalls").asInt(), breakers.toString());
        assertEquals(200, Http.post(gateway, "/v1/chat/completions", Http.chat(MODEL, "hi", false)).statusCode());
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        assertEquals(200, Http.post(gateway, "/v1/chat/completions", Http.chat(MODEL, "hi", false)).statusCode());
        assertTrue(simulator.openConnections() >= 1);

        long start = System.nanoTime();
        waitFor(() -> simulator.openConnections() == 0, 5000);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, simulator.openConnections(), "connections left open at the provider");
        assertTrue(millis < 3000, "closed after " + millis + " ms");
    }

    @Test
    void aProviderConnectionCloseClosesThePooledConnection() throws Exception {
        assertEquals(200, Http.post(gateway, "/v1/chat/completions", Http.chat(MODEL, "warm up", false)).statusCode());
        awaitNoConnections();
        simulator.enqueue(Fault.announcesClose());
        assertEquals(200, Http.post(gateway, "/v1/chat/completions", Http.chat(MODEL, "hi", false)).statusCode());
        long start = System.nanoTime();
        waitFor(() -> simulator.openConnections() == 0, 2000);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(0, simulator.openConnections());
        assertTrue(millis < 500, "closed " + millis + " ms after the answer, not at once (the idle timeout is 1 s)");
    }

    private static CompletableFuture<List<HttpResponse<String>>> streams(HttpClient client, int count) {
        List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + TestGateway.CALLER_KEY)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(Http.chat(MODEL, "stream number " + i, true)))
                    .build();
            streams.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        return CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new))
                .thenApply(done -> streams.stream().map(CompletableFuture::join).toList());
    }

    private static void awaitNoConnections() throws InterruptedException {
        waitFor(() -> simulator.openConnections() == 0, 5000);
        assertEquals(0, simulator.openConnections(), "idle connections were not closed");
    }

    private static void waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
