package io.camelgateway.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.resilience.ProviderQueue;
import io.camelgateway.resilience.ProviderQueues;
import io.camelgateway.simulator.Fault;
import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Providers with the gateway's own limits (TestGateway's gateway.yaml): "queued" takes 2 calls at once and queues
 * 10 for up to 5 s, "cramped" takes 1 and queues 1 for up to 1 s; "openai" declares none. The simulator enforces a
 * limit of its own on calls at once, answering 429 as OpenAI does, to show what the queue spares the provider.
 */
// Breakers that a burst of provider 429s does not open, so each test sees the queue alone.
@GatewayProperties({"gateway.breaker.minimum-calls=100", "gateway.breaker.window-calls=100"})
class ProviderQueueingTest extends GatewayTestSupport {
    private static final String CHAT = "/v1/chat/completions";

    @BeforeAll
    static void addAPoolOfLimitedProviders() throws Exception {
        Files.writeString(gateway.dir().resolve("routes/limited.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: model-pool
                    routeId: pool-limited
                    parameters:
                      - name: name
                        value: limited
                      - name: members
                        value: "cramped/gpt-4o-mini, queued/gpt-4o-mini"
                """);
        waitFor(() -> Http.post(gateway, CHAT, Http.chat("limited", "hi", false)).statusCode() == 200,
                "the pool file is loaded");
    }

    @AfterEach
    void nothingIsLeftHoldingASlot() {
        simulator.limitCallsAtOnce(0);
        simulator.chunkDelay(Duration.ZERO);
        simulator.resetCallCounts();
        ProviderQueues queues = gateway.bean("providerQueues", ProviderQueues.class);
        for (String provider : List.of("queued", "cramped")) {
            ProviderQueue queue = queues.forProvider(provider);
            waitFor(() -> queue.inFlight() == 0 && queue.waiting() == 0, provider + "'s slots all free");
        }
    }

    @Test
    void burstWaitsInTheQueueInOrderAndDrawsNoProviderRateLimit() {
        MetricsScrape before = MetricsScrape.of(gateway);
        simulator.limitCallsAtOnce(2);
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(250)).onPath(CHAT).forever());
        ProviderQueue queue = queue("queued");
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(ask("queued/gpt-4o-mini", "burst request " + i + " of 10"));
            int arrived = i + 1; // sent to the provider or waiting; a call between the two is counted in neither
            waitFor(() -> simulator.received().size() + queue.waiting() == arrived, "request " + arrived + " is in");
        }
        assertTrue(MetricsScrape.of(gateway).sum("gateway_provider_queue_depth", "gen_ai_provider_name=queued") > 0,
                "the queue's depth is a gauge");
        List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();

        for (HttpResponse<String> answer : answers) {
            assertEquals(200, answer.statusCode(), answer.body());
        }
        assertEquals(0, simulator.callsRefusedByLimit(), "no call reached the provider beyond its limit");
        assertTrue(simulator.peakCallsUnderWay() <= 2, "at most 2 at once: " + simulator.peakCallsUnderWay());
        List<RecordedRequest> received = simulator.received();
        assertEquals(10, received.size(), "each sent once, none retried");
        MetricsScrape after = MetricsScrape.of(gateway);
        String waits = "gateway_provider_queue_wait_seconds_count";
        assertEquals(10, after.sum(waits, "gen_ai_provider_name=queued") - before.sum(waits,
                "gen_ai_provider_name=queued"), "each admission's wait is timed");
        assertTrue(after.sum("gateway_provider_queue_wait_seconds_max", "gen_ai_provider_name=queued") >= 0.25,
                "the last ones waited at least one answer's time");
        String buckets = "gateway_provider_queue_wait_seconds_bucket";
        assertEquals(10, after.sum(buckets, "gen_ai_provider_name=queued", "le=+Inf") - before.sum(buckets,
                "gen_ai_provider_name=queued", "le=+Inf"), "a histogram, for quantiles");
        for (int i = 0; i < 10; i++) {
            int sent = position(received, "burst request " + i + " ");
            assertTrue(Math.abs(sent - i) < 2, "sent in arrival order (two that start together may swap): "
                    + i + " was sent " + sent + "th");
        }
    }

    @Test
    void withoutLimitsTheSameBurstDrawsTheProvidersRateLimit() {
        simulator.limitCallsAtOnce(2);
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(250)).onPath(CHAT).forever());
        burst("openai/gpt-4o-mini", 10);

        assertTrue(simulator.callsRefusedByLimit() > 0, "the provider refused some with 429");
    }

    @Test
    void fullQueueIsRefusedAtOnceWithRetryAfterAndNeverReachesTheProvider() {
        MetricsScrape before = MetricsScrape.of(gateway);
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(1500)).onPath(CHAT));
        CompletableFuture<HttpResponse<String>> holder = ask("cramped/gpt-4o-mini", "holds the one slot");
        waitFor(() -> simulator.callsUnderWay() == 1, "the first call is at the provider");
        CompletableFuture<HttpResponse<String>> waiter = ask("cramped/gpt-4o-mini", "waits in the queue");
        waitFor(() -> queue("cramped").waiting() == 1, "the second one waits");

        long start = System.nanoTime();
        HttpResponse<String> refused = Http.post(gateway, CHAT, Http.chat("cramped/gpt-4o-mini", "one more", false));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals("provider_queue_full", Http.error(refused).path("code").asText());
        assertTrue(Http.error(refused).path("message").asText().contains("gateway's own limit for provider "
                + "'cramped'"), refused.body());
        assertEquals("1", refused.headers().firstValue("retry-after").orElseThrow(), "the queue's longest wait");
        assertTrue(millis < 500, "refused at once, not after a wait: " + millis + " ms");
        assertEquals(1, simulator.received().size(), "only the first call reached the provider");
        assertEquals(200, holder.join().statusCode());
        assertEquals(503, waiter.join().statusCode(), "the waiter's 1 s passed before the 1.5 s holder ended");
        MetricsScrape after = MetricsScrape.awaitGrowth(gateway, before, 1, "gateway_provider_queue_refusals_total",
                "gen_ai_provider_name=cramped", "error_type=provider_queue_timeout");
        assertEquals(1, after.sum("gateway_provider_queue_refusals_total", "gen_ai_provider_name=cramped",
                "error_type=provider_queue_full") - before.sum("gateway_provider_queue_refusals_total",
                "gen_ai_provider_name=cramped", "error_type=provider_queue_full"));
        assertEquals(1, after.sum("gateway_provider_queue_refusals_total", "gen_ai_provider_name=cramped",
                "error_type=provider_queue_timeout") - before.sum("gateway_provider_queue_refusals_total",
                "gen_ai_provider_name=cramped", "error_type=provider_queue_timeout"));
        JsonNode breaker = Http.breaker(gateway, "cramped");
        assertTrue(breaker.path("failureRatePercent").asDouble() <= 0,
                "the gateway's own refusals are not the provider's failures: " + breaker);
    }

    @Test
    void passedDeadlineIs503WithinTheQueuesLongestWait() {
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(2500)).onPath(CHAT));
        CompletableFuture<HttpResponse<String>> holder = ask("cramped/gpt-4o-mini", "holds the one slot");
        waitFor(() -> simulator.callsUnderWay() == 1, "the first call is at the provider");

        long start = System.nanoTime();
        HttpResponse<String> late = Http.post(gateway, CHAT, Http.chat("cramped/gpt-4o-mini", "waits too long", false));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(503, late.statusCode(), late.body());
        assertEquals("provider_queue_timeout", Http.error(late).path("code").asText());
        assertTrue(Http.error(late).path("message").asText().contains("was not sent to the provider"), late.body());
        assertTrue(millis >= 950 && millis < 2000, "refused after the 1 s maxWait, not retried: " + millis + " ms");
        assertEquals(1, simulator.received().size(), "never sent, never retried");
        assertEquals(200, holder.join().statusCode());
    }

    @Test
    void poolMovesOnAtOnceFromAMemberAtItsLimit() {
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(1500)).onPath(CHAT));
        CompletableFuture<HttpResponse<String>> holder = ask("cramped/gpt-4o-mini", "holds cramped's slot");
        waitFor(() -> simulator.callsUnderWay() == 1, "cramped is at its limit");

        long start = System.nanoTime();
        HttpResponse<String> served = Http.post(gateway, CHAT, Http.chat("limited", "for the pool", false));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(200, served.statusCode(), served.body());
        assertEquals("queued", served.headers().firstValue("x-gateway-provider").orElseThrow());
        assertEquals("1", served.headers().firstValue("x-gateway-attempts").orElseThrow(),
                "a busy member is not a try");
        assertTrue(millis < 1000, "served by the free member without waiting for the busy one: " + millis + " ms");
        assertEquals(200, holder.join().statusCode());
    }

    @Test
    void poolWaitsOnItsFirstMemberWhenEveryMemberIsAtItsLimit() {
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(600)).onPath(CHAT).withTimes(3));
        List<CompletableFuture<HttpResponse<String>>> holders = List.of(
                ask("cramped/gpt-4o-mini", "holds cramped"), ask("queued/gpt-4o-mini", "holds queued"),
                ask("queued/gpt-4o-mini", "holds queued too"));
        waitFor(() -> simulator.callsUnderWay() == 3, "every member is at its limit");

        HttpResponse<String> served = Http.post(gateway, CHAT, Http.chat("limited", "for the pool", false));

        assertEquals(200, served.statusCode(), served.body());
        // cramped takes one call at a time and was busy: being served by it means waiting in its queue. (Whether
        // the holder's own answer reached its client first is a race between two sockets, so it is not asserted.)
        assertEquals("cramped", served.headers().firstValue("x-gateway-provider").orElseThrow(),
                "waited in the first member's queue");
        holders.forEach(h -> assertEquals(200, h.join().statusCode()));
        assertEquals(4, simulator.received().size(), "the pool's request was sent once");
    }

    @Test
    void callerWhoLeavesTheQueueIsNeverSent() throws Exception {
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(1000)).onPath(CHAT));
        CompletableFuture<HttpResponse<String>> holder = ask("cramped/gpt-4o-mini", "holds the one slot");
        waitFor(() -> simulator.callsUnderWay() == 1, "the first call is at the provider");
        try (RawConnection leaving = new RawConnection(gateway)) {
            leaving.send(RawConnection.chatRequest("HTTP/1.1",
                    Http.chat("cramped/gpt-4o-mini", "gone before my turn", false)));
            waitFor(() -> queue("cramped").waiting() == 1, "it waits");
        }
        waitFor(() -> queue("cramped").waiting() == 0, "it leaves the queue with its caller");

        assertEquals(200, holder.join().statusCode());
        assertEquals(200, Http.post(gateway, CHAT, Http.chat("cramped/gpt-4o-mini", "next", false)).statusCode());
        assertTrue(simulator.received().stream().noneMatch(r -> r.body().contains("gone before my turn")),
                "never sent to the provider");
    }

    @Test
    void streamHoldsItsSlotUntilItEnds() throws Exception {
        simulator.chunkDelay(Duration.ofMillis(60));
        CompletableFuture<HttpResponse<String>> stream = Http.CLIENT.sendAsync(Http.postRequest(gateway, CHAT,
                Http.chat("cramped/gpt-4o-mini", "a streamed answer that takes a while to come", true),
                TestGateway.CALLER_KEY), HttpResponse.BodyHandlers.ofString());
        waitFor(() -> simulator.openStreams() == 1, "the stream is under way");
        CompletableFuture<HttpResponse<String>> next = ask("cramped/gpt-4o-mini", "after the stream");
        waitFor(() -> queue("cramped").waiting() == 1, "the next call waits for the stream's slot");
        assertEquals(1, simulator.received().size(), "not sent while the stream holds the slot");
        JsonNode ready = Json.tree(Http.get(gateway, "/health/ready", null).body());
        assertEquals(1, ready.path("providerQueues").path("cramped").path("inFlight").asInt(), ready.toString());
        assertEquals(1, ready.path("providerQueues").path("cramped").path("waiting").asInt(), ready.toString());

        HttpResponse<String> after = next.join();

        assertEquals(200, after.statusCode(), after.body());
        assertTrue(stream.isDone() && stream.join().body().contains("data: [DONE]"), "the stream ended first");
    }

    @Test
    void streamWhoseCallerWentAwayFreesItsSlot() throws Exception {
        simulator.chunkDelay(Duration.ofMillis(300));
        String body = Http.chat("cramped/gpt-4o-mini", "a long long streamed answer that the caller will not wait "
                + "for as it goes away after the first words", true);
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + CHAT + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + TestGateway.CALLER_KEY + "\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("data: "));
            assertTrue(line != null, "a first event arrived");
            assertEquals(1, queue("cramped").inFlight());
        }
        long start = System.nanoTime();
        waitFor(() -> queue("cramped").inFlight() == 0, "the slot is free once the caller is gone");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1000, "freed at once, not when the stream would have ended: " + millis + " ms");
        assertEquals(200, Http.post(gateway, CHAT, Http.chat("cramped/gpt-4o-mini", "next", false)).statusCode());
    }

    private static ProviderQueue queue(String provider) {
        return gateway.bean("providerQueues", ProviderQueues.class).forProvider(provider);
    }

    private static CompletableFuture<HttpResponse<String>> ask(String model, String text) {
        return Http.CLIENT.sendAsync(Http.postRequest(gateway, CHAT, Http.chat(model, text, false),
                TestGateway.CALLER_KEY), HttpResponse.BodyHandlers.ofString());
    }

    private static int position(List<RecordedRequest> received, String text) {
        for (int i = 0; i < received.size(); i++) {
            if (received.get(i).body().contains(text)) {
                return i;
            }
        }
        throw new AssertionError("never sent: " + text);
    }

    /** n requests, each sent 40 ms after the one before; their answers in order. */
    private static List<HttpResponse<String>> burst(String model, int n) {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(ask(model, "burst request " + i + " of " + n));
            sleep(40);
        }
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not so within 10 s: " + what);
            }
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
