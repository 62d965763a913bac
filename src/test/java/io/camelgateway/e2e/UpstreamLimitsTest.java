package io.camelgateway.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the gateway holds of a provider's answer is bounded, whatever the provider sends or the caller reads: an
 * oversized response head, a plain answer over its cap, a streamed event over its cap, and a caller who stops
 * reading a long stream. Limits here: 1 MiB per plain answer, 16 KiB per event, 64 KiB buffered per stream.
 */
@GatewayProperties({
        "gateway.upstream.max-answer-bytes=1048576",
        "gateway.upstream.max-event-bytes=16384",
        "gateway.upstream.stream-buffer-bytes=65536",
        "gateway.retry.max-retries=0"
})
class UpstreamLimitsTest extends GatewayTestSupport {
    private static final long MB = 1024 * 1024;
    private static final Duration SETTLE_AT_MOST = Duration.ofSeconds(20);

    @Test
    void anOversizedResponseHeadFailsAtOnceAsAnInvalidAnswer() {
        assertEquals(200, Http.post(gateway, "/v1/chat/completions",
                Http.chat("anthropic/claude-sonnet-4-5", "warm up", false)).statusCode());
        simulator.enqueue(Fault.hugeHeader(100_000));
        long start = System.nanoTime();
        HttpResponse<String> response = Http.post(gateway, "/v1/chat/completions",
                Http.chat("anthropic/claude-sonnet-4-5", "hi", false));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(502, response.statusCode(), response.body());
        assertEquals("upstream_invalid_response", Http.error(response).get("code").asText());
        assertTrue(Http.error(response).get("message").asText().contains("response head"), response.body());
        assertTrue(millis < 2000, "answered after " + millis + " ms");
    }

    @Test
    void aPlainAnswerDeclaredOverTheCapIsRefusedBeforeItsBodyIsRead() throws Exception {
        RefusedAnswer refused = refusedAnswer(Fault.hugeBody(200 * MB, false), "plain answer of 200 MiB declared");

        assertTrue(Http.error(refused.response()).get("message").asText().contains("larger than 1048576 bytes"),
                refused.response().body());
        // What the sockets' buffers took before the gateway closed; reading the answer would take all 200 MiB.
        assertTrue(refused.providerBytes() < 16 * MB, "the provider wrote " + refused.providerBytes() + " bytes");
    }

    @Test
    void aChunkedPlainAnswerIsCutWhereItPassesTheCap() throws Exception {
        RefusedAnswer refused = refusedAnswer(Fault.hugeBody(200 * MB, true), "chunked plain answer of 200 MiB");

        // About the 1 MiB cap plus the sockets' buffers; before the cap was enforced while reading, 32 MiB or more.
        assertTrue(refused.providerBytes() < 16 * MB, "the provider wrote " + refused.providerBytes() + " bytes");
    }

    @Test
    void aStreamedEventOverTheCapEndsTheStreamAndTheProviderCall() throws Exception {
        int abandonedBefore = simulator.abandonedStreams();
        simulator.enqueue(Fault.slowChunks(Duration.ofMillis(50)));
        String body;
        try (LogCapture log = new LogCapture()) {
            body = Http.post(gateway, "/v1/chat/completions",
                    Http.chat("openai/gpt-4o-mini", "big " + "w".repeat(20_000) + " tail", true)).body();
            waitFor(() -> simulator.abandonedStreams() > abandonedBefore, 5000);
            List<String> warnings = log.lines().stream().filter(l -> l.contains("over 16384 bytes")).toList();
            assertEquals(1, warnings.size(), "logged once: " + warnings);
            assertFalse(log.lines().stream().anyMatch(l -> l.contains(TestGateway.PROVIDER_KEYS.get("openai"))));
        }

        List<String> events = dataLines(body);
        JsonNode last = Json.tree(events.get(events.size() - 1).substring(6)).path("error");
        assertEquals("upstream_invalid_response", last.path("code").asText(), body);
        assertTrue(last.path("message").asText().contains("stream event larger than 16384 bytes"), body);
        assertTrue(StreamingTest.text(body).startsWith("Simulated openai answer to: big "), body);
        assertTrue(simulator.abandonedStreams() > abandonedBefore, "the gateway hung up on the provider");
    }

    @Test
    void aCallerWhoStopsReadingStopsTheGatewayReadingTheProvider() throws Exception {
        String word = "x".repeat(8000);
        int repeats = 8000; // about 66 MB of events
        simulator.enqueue(Fault.repeatEvent(5, repeats)); // 0 role, 1-4 "Simulated openai answer to: ", 5 the word
        long before = simulator.streamBytesWritten();
        try (Socket socket = UnreadStream.open(gateway, "openai/gpt-4o-mini", word)) {
            long stalled = SettledCount.of(simulator::streamBytesWritten, Duration.ofMillis(1500), SETTLE_AT_MOST) - before;
            System.out.printf("a caller not reading a %d MB stream: the provider could write %.1f MB of it%n",
                    repeats * 8200L / 1_000_000, stalled / 1e6);
            // Socket buffers on both legs hold a few MB; the gateway itself holds about 64 KiB of chunks.
            assertTrue(stalled < 24 * MB, "the provider wrote " + stalled + " bytes to a caller who reads nothing");

            AtomicInteger words = new AtomicInteger();
            String last = readToTheEnd(socket, line -> {
                if (line.contains(word)) {
                    words.incrementAndGet();
                }
            });
            assertEquals(repeats, words.get(), "every repeated event arrived once the caller read");
            assertEquals("data: [DONE]", last);
        }
    }

    @Test
    void aStreamItsCallerReadsTooSlowlyToFinishInTimeIsNotBlamedOnTheProvider() throws Exception {
        String word = "x".repeat(8000);
        // Warmed up, the gateway fills the sockets' buffers (some MB) well within the 1.5 s the provider "brief" has.
        simulator.enqueue(Fault.repeatEvent(5, 2000));
        assertTrue(Http.post(gateway, "/v1/chat/completions", Http.chat("private/llama3.2", word, true)).body()
                .endsWith("data: [DONE]\n\n"));
        int counted = Http.breaker(gateway, "brief").path("bufferedCalls").asInt();
        simulator.enqueue(Fault.repeatEvent(5, 8000)); // about 66 MB, more than the sockets hold
        try (Socket socket = UnreadStream.open(gateway, "brief/gpt-4o-mini", word)) {
            Thread.sleep(2500);
            String last = readToTheEnd(socket, line -> { });
            JsonNode error = Json.tree(last.substring(6)).path("error");
            assertEquals("caller_too_slow", error.path("code").asText(), last);
        }
        assertEquals(counted, Http.breaker(gateway, "brief").path("bufferedCalls").asInt(), "the provider's breaker counted it");
    }

    /** An answer the gateway refuses as invalid (502), and how much of it the provider wrote. */
    private record RefusedAnswer(HttpResponse<String> response, long providerBytes) {
    }

    /** Asks once with this fault queued; the answer must be refused as invalid. Prints what the provider wrote. */
    private static RefusedAnswer refusedAnswer(Fault hugeBody, String what) throws InterruptedException {
        long before = simulator.bodyBytesWritten();
        simulator.enqueue(hugeBody);
        HttpResponse<String> response = Http.post(gateway, "/v1/chat/completions",
                Http.chat("anthropic/claude-sonnet-4-5", "hi", false));

        assertEquals(502, response.statusCode(), response.body());
        assertEquals("upstream_invalid_response", Http.error(response).get("code").asText());
        long taken = SettledCount.of(simulator::bodyBytesWritten, Duration.ofMillis(300), SETTLE_AT_MOST) - before;
        System.out.printf("%s: the provider wrote %.1f MiB before the gateway hung up%n", what, taken / (double) MB);
        return new RefusedAnswer(response, taken);
    }

    /** Reads a stream's data lines, each to {@code eachLine}, up to [DONE] or an error event; returns the last. */
    private static String readToTheEnd(Socket socket, Consumer<String> eachLine) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8),
                1 << 16);
        String last = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("data: ")) {
                last = line;
                eachLine.accept(line);
                if (line.startsWith("data: {\"error\"") || line.equals("data: [DONE]")) {
                    break;
                }
            }
        }
        return last;
    }

    private static List<String> dataLines(String sse) {
        List<String> lines = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
