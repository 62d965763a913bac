package io.camelgateway.resilience;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.config.ProviderLimits;
import io.camelgateway.config.ProviderLimits.Rates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderQueueTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private ProviderQueue queue(Rates provider, Map<String, Rates> models) {
        return new ProviderQueue("openai", new ProviderLimits(provider, models, 10, Duration.ofSeconds(30)), timer,
                clock::get);
    }

    private static ProviderQueue.Slot admitted(CompletableFuture<ProviderQueue.Slot> admission) {
        assertTrue(admission.isDone() && !admission.isCompletedExceptionally(), "admitted");
        return admission.join();
    }

    @Test
    void waitersGoInArrivalOrderAsSlotsFree() {
        ProviderQueue queue = queue(new Rates(0, 0, 1), Map.of());
        ProviderQueue.Slot first = admitted(queue.admit("gpt-4o", 10, true));
        List<CompletableFuture<ProviderQueue.Slot>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(queue.admit("gpt-4o", 10, true));
        }
        assertEquals(3, queue.waiting());

        first.release(-1);
        admitted(waiting.get(0)).release(-1);

        assertTrue(waiting.get(1).isDone(), "the second in line goes next");
        assertFalse(waiting.get(2).isDone());
        first.release(-1); // a second release of the same slot frees nothing more
        assertFalse(waiting.get(2).isDone());
        assertEquals(1, queue.inFlight());
    }

    @Test
    void aModelAtItsLimitDoesNotHoldBackAnotherModel() {
        ProviderQueue queue = queue(Rates.NONE, Map.of("gpt-4o", new Rates(0, 0, 1)));
        ProviderQueue.Slot big = admitted(queue.admit("gpt-4o", 10, true));
        CompletableFuture<ProviderQueue.Slot> bigAgain = queue.admit("gpt-4o", 10, true);

        admitted(queue.admit("gpt-4o-mini", 10, true));
        assertFalse(bigAgain.isDone());

        big.release(-1);
        admitted(bigAgain);
    }

    @Test
    void requestsPerMinuteRefillAsTheMinutePasses() {
        ProviderQueue queue = queue(new Rates(2, 0, 0), Map.of());
        ProviderQueue.Slot first = admitted(queue.admit("gpt-4o", 10, true));
        admitted(queue.admit("gpt-4o", 10, true));
        CompletableFuture<ProviderQueue.Slot> third = queue.admit("gpt-4o", 10, true);
        first.release(-1);
        assertFalse(third.isDone(), "a finished call gives back no request of the minute");

        clock.addAndGet(TimeUnit.SECONDS.toNanos(30)); // half a minute: one of two requests back
        queue.admit("gpt-4o", 10, false).exceptionally(e -> null); // each arrival drains; this one, busy, leaves

        admitted(third);
    }

    @Test
    void theTimerLetsAWaiterGoWhenTheRateAllowsIt() {
        ProviderQueue queue = new ProviderQueue("openai", new ProviderLimits(new Rates(0, 60_000, 0), Map.of(), 10,
                Duration.ofSeconds(5)), timer, System::nanoTime); // 1000 tokens a second
        admitted(queue.admit("gpt-4o", 60_500, true)); // the whole minute and 500 tokens more: half a second owed
        long start = System.nanoTime();
        CompletableFuture<ProviderQueue.Slot> next = queue.admit("gpt-4o", 1, true);
        assertFalse(next.isDone(), "it waits for the debt to refill");

        next.orTimeout(5, TimeUnit.SECONDS).join(); // nothing else happens here: only the timer lets it go
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 200 && millis < 3000, "admitted by the timer after about 500 ms: " + millis + " ms");
    }

    @Test
    void tokensPerMinuteTakeTheEstimateAndTheRealUsageCorrectsIt() {
        ProviderQueue queue = queue(new Rates(0, 1000, 0), Map.of());
        ProviderQueue.Slot first = admitted(queue.admit("gpt-4o", 800, true));
        CompletableFuture<ProviderQueue.Slot> second = queue.admit("gpt-4o", 400, true);
        assertFalse(second.isDone(), "200 tokens left of the minute");

        first.release(100); // it used 100 of the 800 estimated

        admitted(second);
    }

    @Test
    void aFullQueueAndABusyMemberAreRefusedAtOnce() {
        ProviderQueue queue = new ProviderQueue("openai", new ProviderLimits(new Rates(0, 0, 1), Map.of(), 1,
                Duration.ofSeconds(30)), timer, clock::get);
        admitted(queue.admit("gpt-4o", 10, true));
        CompletableFuture<ProviderQueue.Slot> waiting = queue.admit("gpt-4o", 10, true);

        assertEquals(GatewayException.PROVIDER_QUEUE_FULL, refusal(queue.admit("gpt-4o", 10, true)).code());
        assertEquals(GatewayException.PROVIDER_BUSY, refusal(queue.admit("gpt-4o", 10, false)).code());
        assertFalse(refusal(queue.admit("gpt-4o", 10, true)).providerFault(), "the gateway's own limit");

        waiting.cancel(false);
        assertEquals(0, queue.waiting(), "a cancelled request leaves the queue");
        assertFalse(queue.admit("gpt-4o", 10, true).isDone(), "and makes room for the next");
    }

    @Test
    void aRequestWaitsNoLongerThanTheQueuesLongestWait() {
        ProviderQueue queue = new ProviderQueue("openai", new ProviderLimits(new Rates(0, 0, 1), Map.of(), 5,
                Duration.ofMillis(100)), timer, System::nanoTime);
        admitted(queue.admit("gpt-4o", 10, true));

        GatewayException late = refusal(queue.admit("gpt-4o", 10, true));

        assertEquals(503, late.status());
        assertEquals(GatewayException.PROVIDER_QUEUE_TIMEOUT, late.code());
        assertEquals(0, queue.waiting());
    }

    @Test
    void theGuidesExampleIsRefusedAsTheGuideSays() throws Exception {
        String guide = Files.readString(Path.of("docs/metering.md"));
        String section = guide.substring(guide.indexOf("## Provider queueing"));
        Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertTrue(yaml.find(), "the section has a gateway.yaml example");
        GatewayConfig config = new GatewayConfigLoader(name -> null).parse(
                new ByteArrayInputStream(yaml.group(1).getBytes(StandardCharsets.UTF_8)), "docs/metering.md");
        ProviderLimits limits = ProviderLimits.read(config.root().section("providers").section("openai"));
        ProviderQueue queue = new ProviderQueue("openai", limits, timer, clock::get);
        for (int i = 0; i < 50 + 100; i++) {
            queue.admit("gpt-4o-mini", 10, true);
        }

        GatewayException full = refusal(queue.admit("gpt-4o-mini", 10, true));

        Matcher json = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertTrue(json.find(), "the section shows the refusal");
        JsonNode shown = Json.tree(json.group(1)).path("error");
        assertEquals(shown.path("message").asText(), full.getMessage());
        assertEquals(shown.path("code").asText(), full.code());
        assertEquals(shown.path("type").asText(), full.type());
        assertEquals("30", full.retryAfter());
    }

    private static GatewayException refusal(CompletableFuture<ProviderQueue.Slot> admission) {
        CompletionException e = assertThrows(CompletionException.class, admission::join);
        return (GatewayException) e.getCause();
    }
}
