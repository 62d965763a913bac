package io.camelgateway.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.cache.ExactCache;
import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact response cache in the chat flow: the same request is answered once by the provider and then from the
 * cache, plain or streamed, only within the caller's team or key; never an error or a cut stream; as the caller's
 * Cache-Control and x-gateway-cache-ttl say; and within its byte bound.
 */
@GatewayFiles(yaml = """
        cache:
          ttl: 10m
          maxBytes: 64KiB
          maxEntryBytes: 12KiB
        policy:
          defaultTeam: open
          teams:
            open: {models: ["*"], defaultCredentials: true}
            research: {models: ["*"], defaultCredentials: true, cacheScope: docs}
            partners: {models: ["*"], defaultCredentials: true, cacheScope: docs}
          rules:
            - team: partners
              when: {caller: [test-admin]}
        """)
class ExactCacheTest extends GatewayTestSupport {
    static final String SECOND_KEY = "gw-second-caller-key"; // team research; the test key is in team open

    @Test
    void theSameRequestIsAnsweredFromTheCacheAndCostsNothing() throws Exception {
        String body = Http.chat("gpt-4o-mini", "capital of France " + UUID.randomUUID(), false);
        HttpResponse<String> first = chat(body, TestGateway.CALLER_KEY);
        HttpResponse<String> second = chat(body, TestGateway.CALLER_KEY, "x-request-id", "cache-hit-" + UUID.randomUUID());

        assertEquals("miss", first.headers().firstValue("x-gateway-cache").orElse(null));
        assertEquals("hit", second.headers().firstValue("x-gateway-cache").orElse(null));
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(content(first), content(second));
        assertEquals(1, providerCalls(body), "one provider call for both");
        assertEquals("0.00000000", second.headers().firstValue("x-gateway-cost-usd").orElse(null));
        double firstCost = Double.parseDouble(first.headers().firstValue("x-gateway-cost-usd").orElseThrow());
        assertTrue(firstCost > 0, "the first answer cost something");

        JsonNode audit = Json.tree(AuditLogTest.awaitLine(gateway,
                second.headers().firstValue("x-request-id").orElseThrow()));
        assertEquals("hit", audit.get("cache").asText());
        assertEquals(firstCost, audit.get("cache_saved_usd").asDouble(), 1e-8);
        assertEquals(0, audit.get("cost_usd").asDouble());
        MetricsScrape metrics = MetricsScrape.of(gateway);
        assertTrue(metrics.sum("gateway_cache_hits_total", "cache=exact") >= 1, "hits counted");
        assertTrue(metrics.sum("gateway_cache_saved_usd_total", "cache=exact") >= firstCost, "saved cost counted");
    }

    @Test
    void anotherTeamNeverGetsTheAnswer() {
        String body = Http.chat("gpt-4o-mini", "our secret plan " + UUID.randomUUID(), false);
        chat(body, TestGateway.CALLER_KEY);
        HttpResponse<String> other = chat(body, SECOND_KEY);

        assertEquals("miss", other.headers().firstValue("x-gateway-cache").orElse(null));
        assertEquals(2, providerCalls(body));
        assertEquals("hit", chat(body, SECOND_KEY).headers().firstValue("x-gateway-cache").orElse(null),
                "its own answer it gets again");
    }

    @Test
    void teamsThePolicyGivesOneCacheScopeShareAnswers() {
        String body = Http.chat("gpt-4o-mini", "our shared docs " + UUID.randomUUID(), false);
        chat(body, SECOND_KEY);

        assertEquals("hit", chat(body, TestGateway.ADMIN_KEY).headers().firstValue("x-gateway-cache").orElse(null),
                "team partners shares the scope docs with research");
        assertEquals("miss", chat(body, TestGateway.CALLER_KEY).headers().firstValue("x-gateway-cache").orElse(null),
                "team open does not");
    }

    @Test
    void aStreamIsKeptWhenWholeAndReplayedAsAStreamOrAPlainAnswer() throws Exception {
        String text = "tell me a short story " + UUID.randomUUID();
        String streamed = streamBody(text);
        HttpResponse<String> first = chat(streamed, TestGateway.CALLER_KEY);
        assertEquals("miss", first.headers().firstValue("x-gateway-cache").orElse(null));
        String expected = "Simulated openai answer to: " + text;
        assertEquals(expected, StreamingTest.text(first.body()));

        HttpResponse<String> again = awaitHit(streamed);
        assertEquals("text/event-stream; charset=utf-8", again.headers().firstValue("content-type").orElseThrow());
        assertEquals(expected, StreamingTest.text(again.body()));
        assertTrue(again.body().contains("\"usage\":{"), "the usage chunk it asked for: " + again.body());
        assertTrue(again.body().trim().endsWith("data: [DONE]"), again.body());

        HttpResponse<String> plain = chat(Http.chat("gpt-4o-mini", text, false), TestGateway.CALLER_KEY);
        assertEquals("hit", plain.headers().firstValue("x-gateway-cache").orElse(null));
        JsonNode answer = Json.tree(plain.body());
        assertEquals(expected, answer.at("/choices/0/message/content").asText());
        assertEquals("stop", answer.at("/choices/0/finish_reason").asText());
        assertTrue(answer.at("/usage/completion_tokens").asInt() > 0, plain.body());
        assertEquals(1, providerCalls(streamed), "one provider call for all three");
    }

    @Test
    void aStreamedToolCallIsKeptWholeAndReplayedWithItsIndex() throws Exception {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}}}}}]}";
        String text = "weather please " + UUID.randomUUID();
        String streamed = streamBody(text);
        chat(streamed.substring(0, streamed.length() - 1) + tools, TestGateway.CALLER_KEY);
        awaitKept(streamed.substring(0, streamed.length() - 1) + tools);

        HttpResponse<String> plain = chat(Http.chat("gpt-4o-mini", text, false).replaceFirst("}$", "") + tools,
                TestGateway.CALLER_KEY);
        assertEquals("hit", plain.headers().firstValue("x-gateway-cache").orElse(null), plain.body());
        JsonNode call = Json.tree(plain.body()).at("/choices/0/message/tool_calls/0");
        assertEquals("get_weather", call.at("/function/name").asText());
        assertEquals(Json.tree("{\"city\":\"sim\",\"days\":1}"), Json.tree(call.at("/function/arguments").asText()));
        assertEquals("tool_calls", Json.tree(plain.body()).at("/choices/0/finish_reason").asText());

        HttpResponse<String> replay = chat(streamed.substring(0, streamed.length() - 1) + tools, TestGateway.CALLER_KEY);
        assertEquals("hit", replay.headers().firstValue("x-gateway-cache").orElse(null));
        assertTrue(replay.body().contains("\"tool_calls\":[{\"index\":0,"), replay.body());
    }

    @Test
    void aStreamCutShortIsNotKept() {
        String streamed = streamBody("a story cut short " + UUID.randomUUID());
        simulator.enqueue(Fault.cutAfter(3));
        HttpResponse<String> cut = chat(streamed, TestGateway.CALLER_KEY);
        assertTrue(cut.body().contains("\"error\""), "the stream ended with an error: " + cut.body());

        sleep(300);
        HttpResponse<String> again = chat(streamed, TestGateway.CALLER_KEY);
        assertEquals("miss", again.headers().firstValue("x-gateway-cache").orElse(null));
        assertFalse(again.body().contains("\"error\""), again.body());
        assertEquals(2, providerCalls(streamed));
    }

    @Test
    void anErrorIsNotKept() {
        String body = Http.chat("gpt-4o-mini", "refused once " + UUID.randomUUID(), false);
        simulator.enqueue(Fault.error(400));
        HttpResponse<String> refused = chat(body, TestGateway.CALLER_KEY);
        assertEquals(400, refused.statusCode(), refused.body());

        HttpResponse<String> again = chat(body, TestGateway.CALLER_KEY);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("miss", again.headers().firstValue("x-gateway-cache").orElse(null));
    }

    @Test
    void noCacheSkipsTheLookupButKeepsTheNewAnswer() {
        String body = Http.chat("gpt-4o-mini", "fresh please " + UUID.randomUUID(), false);
        chat(body, TestGateway.CALLER_KEY);
        HttpResponse<String> bypass = chat(body, TestGateway.CALLER_KEY, "Cache-Control", "no-cache");

        assertEquals("bypass", bypass.headers().firstValue("x-gateway-cache").orElse(null));
        assertEquals(2, providerCalls(body));
        assertEquals("hit", chat(body, TestGateway.CALLER_KEY).headers().firstValue("x-gateway-cache").orElse(null));
    }

    @Test
    void noStoreKeepsNothing() {
        String body = Http.chat("gpt-4o-mini", "forget this " + UUID.randomUUID(), false);
        chat(body, TestGateway.CALLER_KEY, "Cache-Control", "no-store");
        HttpResponse<String> again = chat(body, TestGateway.CALLER_KEY);

        assertEquals("miss", again.headers().firstValue("x-gateway-cache").orElse(null));
        assertEquals(2, providerCalls(body));
    }

    @Test
    void aTtlHeaderKeepsTheAnswerThatLongAndNeverComesBack() {
        String body = Http.chat("gpt-4o-mini", "briefly " + UUID.randomUUID(), false);
        HttpResponse<String> first = chat(body, TestGateway.CALLER_KEY, "x-gateway-cache-ttl", "1");
        assertTrue(first.headers().firstValue("x-gateway-cache-ttl").isEmpty(), "a request header stays in");
        assertEquals("hit", chat(body, TestGateway.CALLER_KEY).headers().firstValue("x-gateway-cache").orElse(null));

        sleep(1200);
        assertEquals("miss", chat(body, TestGateway.CALLER_KEY).headers().firstValue("x-gateway-cache").orElse(null));
    }

    @Test
    void aTtlThatIsNotANumberIsRefused() {
        HttpResponse<String> refused = chat(Http.chat("gpt-4o-mini", "hi", false), TestGateway.CALLER_KEY,
                "x-gateway-cache-ttl", "forever");

        assertEquals(400, refused.statusCode());
        assertEquals("invalid_cache_ttl", Http.error(refused).get("code").asText());
    }

    @Test
    void theDryRunSaysWhatTheCacheWouldDo() throws Exception {
        String body = Http.chat("gpt-4o-mini", "dry question " + UUID.randomUUID(), false);
        JsonNode before = Json.tree(Http.post(gateway, "/v1/routing/dry-run", body).body()).get("cache");
        chat(body, TestGateway.CALLER_KEY);
        JsonNode after = Json.tree(Http.post(gateway, "/v1/routing/dry-run", body).body()).get("cache");

        assertEquals("miss", before.get("status").asText(), before.toString());
        assertEquals("hit", after.get("status").asText(), after.toString());
        assertEquals("openai/gpt-4o-mini", after.get("target").asText());
        assertEquals("team:open", after.get("scope").asText());
        assertEquals(1, providerCalls(body), "the dry run calls no provider");
    }

    @Test
    void anAnswerOverTheEntryCapIsNotKept() {
        String body = Http.chat("gpt-4o-mini", "x".repeat(13_000) + UUID.randomUUID(), false);
        MetricsScrape before = MetricsScrape.of(gateway);
        chat(body, TestGateway.CALLER_KEY);
        HttpResponse<String> again = chat(body, TestGateway.CALLER_KEY);

        assertEquals(200, again.statusCode());
        assertEquals("miss", again.headers().firstValue("x-gateway-cache").orElse(null));
        assertEquals(2, MetricsScrape.awaitGrowth(gateway, before, 2, "gateway_cache_not_stored_total",
                "reason=too_large").sum("gateway_cache_not_stored_total", "reason=too_large")
                - before.sum("gateway_cache_not_stored_total", "reason=too_large"), "each ask, each too large");
    }

    @Test
    void aFullCacheEvictsAndNeverGrowsPastItsBound() {
        ExactCache cache = gateway.bean("exactCache", ExactCache.class);
        MetricsScrape before = MetricsScrape.of(gateway);
        String filler = "y".repeat(4_000);
        for (int i = 0; i < 40; i++) {
            chat(Http.chat("gpt-4o-mini", filler + " " + i + " " + UUID.randomUUID(), false), TestGateway.CALLER_KEY);
            assertTrue(cache.bytes() <= 64 * 1024, "held " + cache.bytes() + " bytes after " + (i + 1));
        }
        MetricsScrape after = MetricsScrape.of(gateway);
        assertTrue(after.sum("gateway_cache_evictions_total", "cause=size")
                - before.sum("gateway_cache_evictions_total", "cause=size") >= 20, "evicted for room");
        assertTrue(after.sum("gateway_cache_bytes", "cache=exact") > 32 * 1024, "and full");

        String last = Http.chat("gpt-4o-mini", "still served " + UUID.randomUUID(), false);
        chat(last, TestGateway.CALLER_KEY);
        assertEquals("hit", chat(last, TestGateway.CALLER_KEY).headers().firstValue("x-gateway-cache").orElse(null));
    }

    /** Once the dry run says the request would hit: a stream is kept when its end is heard, just after. */
    private static void awaitKept(String body) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!"hit".equals(Json.tree(Http.post(gateway, "/v1/routing/dry-run", body).body()).at("/cache/status")
                .asText()) && System.nanoTime() < deadline) {
            sleep(20);
        }
    }

    /** The second ask of a streamed request, once the first has been kept (its end is heard just after). */
    private static HttpResponse<String> awaitHit(String body) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        HttpResponse<String> r;
        do {
            sleep(50);
            r = chat(body, TestGateway.CALLER_KEY);
        } while (!"hit".equals(r.headers().firstValue("x-gateway-cache").orElse(null)) && System.nanoTime() < deadline);
        assertEquals("hit", r.headers().firstValue("x-gateway-cache").orElse(null));
        return r;
    }

    static String streamBody(String text) {
        return "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    static HttpResponse<String> chat(String body, String key, String... headers) {
        return chat(gateway, body, key, headers);
    }

    static HttpResponse<String> chat(TestGateway to, String body, String key, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(to.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return Http.send(request.build());
    }

    /** How many requests the provider got whose body holds this request's first message. */
    private static long providerCalls(String body) {
        String text;
        try {
            text = Json.tree(body.getBytes(StandardCharsets.UTF_8)).at("/messages/0/content").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return simulator.received().stream().filter(r -> r.body().contains(text)).count();
    }

    static String content(HttpResponse<String> r) {
        try {
            return Json.tree(r.body()).at("/choices/0/message/content").asText();
        } catch (IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
