package io.camelgateway.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        long before = simulator.bodyBytesWritten();
        simulator.enqueue(Fault.hugeBody(200 * MB, false));
        HttpResponse<String> response = Http.post(gateway, "/v1/chat/completions",
                Http.chat("anthropic/claude-sonnet-4-5", "hi", false));

        assertEquals(502, response.statusCode(), response.body());
        assertEquals("upstream_invalid_response", Http.error(response).get("code").asText());
        assertTrue(Http.error(response).get("message").asText().contains("larger than 1048576 bytes"),
                response.body());
        long taken = settledBodyBytes() - before;
        System.out.printf("plain answer of 200 MiB declared: the provider wrote %.1f MiB before the gateway hung up%n",
                taken / (double) MB);
        // What the sockets' buffers took before the gateway closed; reading the answer would take all 200 MiB.
        assertTrue(taken < 16 * MB, "the provider wrote " + taken + " bytes");
    }

    @Test
    void aChunkedPlainAnswerIsCutWhereItPassesTheCap() throws Exception {
        long before = simulator.bodyBytesWritten();
        simulator.enqueue(Fault.hugeBody(200 * MB, true));
        HttpResponse<String> response = Http.post(gateway, "/v1/chat/completions",
                Http.chat("anthropic/claude-sonnet-4-5", "hi", false));

        assertEquals(502, response.statusCode(), response.body());
        assertEquals("upstream_invalid_response", Http.error(response).get("code").asText());
        long taken = settledBodyBytes() - before;
        System.out.printf("chunked plain answer of 200 MiB: the provider wrote %.1f MiB before the gateway hung up%n",
                taken / (double) MB);
        // About the 1 MiB cap plus the sockets' buffers; before the cap was enforced while reading, 32 MiB or more.
        assertTrue(taken < 16 * MB, "the provider wrote " + taken + " bytes");
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
        try (Socket socket = openStream("openai/gpt-4o-mini", word)) {
            long stalled = settled(simulator::streamBytesWritten, 1500) - before;
            System.out.printf("a caller not reading a %d MB stream: the provider could write %.1f MB of it%n",
                    repeats * 8200L / 1_000_000, stalled / 1e6);
            // Socket buffers on both legs hold a few MB; the gateway itself holds about 64 KiB of chunks.
            assertTrue(stalled < 24 * MB, "the provider wrote " + stalled + " bytes to a caller who reads nothing");

            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8), 1 << 16);
            int words = 0;
            String last = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    last = line;
                    if (line.contains(word)) {
                        words++;
                    }
                    if (line.equals("data: [DONE]")) {
                        break;
                    }
                }
            }
            assertEquals(repeats, words, "every repeated event arrived once the caller read");
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
        int counted = briefBreaker().path("bufferedCalls").asInt();
        simulator.enqueue(Fault.repeatEvent(5, 8000)); // about 66 MB, more than the sockets hold
        try (Socket socket = openStream("brief/gpt-4o-mini", word)) {
            Thread.sleep(2500);
            String last = null;
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8), 1 << 16);
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    last = line;
                    if (line.startsWith("data: {\"error\"") || line.equals("data: [DONE]")) {
                        break;
                    }
                }
            }
            JsonNode error = Json.tree(last.substring(6)).path("error");
            assertEquals("caller_too_slow", error.path("code").asText(), last);
        }
        assertEquals(counted, briefBreaker().path("bufferedCalls").asInt(), "the provider's breaker counted it");
    }

    private static JsonNode briefBreaker() throws java.io.IOException {
        return Json.MAPPER.readTree(Http.get(gateway, "/health/ready", null).body()).path("circuitBreakers")
                .path("brief");
    }

    /** A streamed request on a connection of its own whose receive window stays small; nothing is read yet. */
    private static Socket openStream(String model, String text) throws java.io.IOException {
        String body = Http.chat(model, text, true);
        Socket socket = new Socket();
        socket.setReceiveBufferSize(64 * 1024); // before connecting, so that the window stays this small
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + TestGateway.CALLER_KEY + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
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

    /** The simulator's body-byte count once it has stopped moving. */
    private static long settledBodyBytes() throws InterruptedException {
        return settled(simulator::bodyBytesWritten, 300);
    }

    /** A counter's value once it has not moved for this long. */
    private static long settled(java.util.function.LongSupplier counter, long quietMillis) throws InterruptedException {
        long value = counter.getAsLong();
        long quietSince = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() - quietSince < quietMillis * 1_000_000 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            long now = counter.getAsLong();
            if (now != value) {
                value = now;
                quietSince = System.nanoTime();
            }
        }
        return value;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
