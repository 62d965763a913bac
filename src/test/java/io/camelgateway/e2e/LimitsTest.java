package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.limits.BudgetLedger;
import io.camelgateway.limits.Scope;
import io.camelgateway.simulator.Fault;
import io.camelgateway.simulator.ProviderSimulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policy's rate limits and budgets through the real gateway: OpenAI's headers on answers, 429s that name the
 * limit and when to retry, tokens per minute corrected by the real usage, and a hard budget that 200 concurrent
 * requests cannot overspend, whose settled spend is exactly what the answers cost.
 */
class LimitsTest {
    static final double MINI_INPUT = 0.15;  // TestGateway's prices for openai/gpt-4o-mini, USD per million tokens
    static final double MINI_OUTPUT = 0.60;
    static final int MAX_TOKENS = 40;
    /** The most a "hello" request with max_tokens 40 may cost: 2 estimated prompt tokens and 40 output tokens. */
    static final double MOST = (2 * MINI_INPUT + MAX_TOKENS * MINI_OUTPUT) / 1_000_000;
    static final double BUDGET = 10 * MOST;

    static final String POLICY = """
            policy:
              defaultTeam: open
              teams:
                open: {models: ["*"], defaultCredentials: true}
                narrow:
                  models: ["*"]
                  defaultCredentials: true
                  limits: {requestsPerMinute: 2}
                spenders:
                  models: ["*"]
                  defaultCredentials: true
                  budget: {usd: %s, period: day, hard: true}
              keys:
                rpm: {limits: {requestsPerMinute: 3}}
                tpm: {limits: {tokensPerMinute: 300}}
                embedder: {limits: {requestsPerMinute: 1}}
              models:
                openai/gpt-4o: {limits: {concurrentRequests: 1}}
            """.formatted(BUDGET);

    /** A store of its own, so that the budgets' spend of other runs stays out of this one's. */
    static String ownStore(Path dir) {
        return "store:\n  url: jdbc:h2:file:" + dir.resolve("store") + "\n";
    }

    static ProviderSimulator simulator;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        simulator = ProviderSimulator.start(0);
        Path dir = Files.createTempDirectory("gateway-limits-test");
        TestGateway.writeProviderKeys(dir);
        String config = TestGateway.config(simulator.baseUrl(), dir).replace("keys:\n", """
                keys:
                  - {name: rpm, key: rpm-key}
                  - {name: tpm, key: tpm-key}
                  - {name: narrow-app, key: narrow-key, team: narrow}
                  - {name: spender, key: spend-key, team: spenders}
                  - {name: conc, key: conc-key}
                  - {name: embedder, key: embed-key}
                """) + POLICY + ownStore(dir);
        Files.writeString(dir.resolve("gateway.yaml"), config);
        // A store of its own: the budgets' spend of other runs stays out of this one's.
        gateway = TestGateway.start(simulator, Map.of("GATEWAY_CONFIG", dir.resolve("gateway.yaml").toString()),
                Map.of("gateway.data-dir", dir.resolve("data").toString()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        simulator.close();
    }

    @BeforeEach
    void resetSimulator() {
        simulator.clearFaults();
    }

    private static String chat(String model, Integer maxTokens, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + (maxTokens == null ? ""
                : ",\"max_tokens\":" + maxTokens) + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    }

    private static HttpResponse<String> post(String key, String body) {
        return Http.post(gateway, "/v1/chat/completions", body, key);
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void keysRequestsPerMinuteAreCountedInHeadersThenRefused() {
        for (int left = 2; left >= 0; left--) {
            HttpResponse<String> ok = post("rpm-key", chat("gpt-4o-mini", 10, false));
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("3", header(ok, "x-ratelimit-limit-requests"));
            assertEquals(Integer.toString(left), header(ok, "x-ratelimit-remaining-requests"));
            String reset = header(ok, "x-ratelimit-reset-requests"); // OpenAI's form: 20ms, 1.5s, 6m0s
            assertTrue(reset != null && reset.matches("\\d+ms|(\\d+m)?\\d+(\\.\\d+)?s"), reset);
        }
        HttpResponse<String> refused = post("rpm-key", chat("gpt-4o-mini", 10, false));
        assertEquals(429, refused.statusCode(), refused.body());
        JsonNode error = Http.error(refused);
        assertEquals("rate_limit_exceeded", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("your key: 3 requests per minute"), error.toString());
        int retryAfter = Integer.parseInt(header(refused, "Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 20, "Retry-After " + retryAfter);
        assertTrue(MetricsScrape.of(gateway).sum("gateway_limit_refusals_total", "limit=requests", "scope=key") >= 1,
                "the refusal is counted");
    }

    @Test
    void adminsSeeTheLimitsAndEachBudgetsSpend() throws Exception {
        HttpResponse<String> teams = Http.get(gateway, "/admin/v1/teams", TestGateway.ADMIN_KEY);
        assertEquals(200, teams.statusCode(), teams.body());
        JsonNode json = Json.tree(teams.body().getBytes());
        JsonNode budget = json.path("teams").path("spenders").path("budget");
        assertEquals(BUDGET, budget.path("usd").asDouble(), 1e-15);
        assertEquals("day", budget.path("period").asText());
        assertTrue(budget.path("spentUsd").isNumber(), budget.toString());
        assertEquals(2, json.path("teams").path("narrow").path("limits").path("requestsPerMinute").asInt());
        assertEquals(3, json.path("keys").path("rpm").path("limits").path("requestsPerMinute").asInt());
        assertEquals(1, json.path("models").path("openai/gpt-4o").path("limits").path("concurrentRequests").asInt());
    }

    @Test
    void embeddingsAreLimitedToo() {
        String body = "{\"model\":\"openai/text-embedding-3-small\",\"input\":\"one text\"}";
        HttpResponse<String> first = Http.post(gateway, "/v1/embeddings", body, "embed-key");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("0", header(first, "x-ratelimit-remaining-requests"));
        HttpResponse<String> second = Http.post(gateway, "/v1/embeddings", body, "embed-key");
        assertEquals(429, second.statusCode(), second.body());
        assertEquals("rate_limit_exceeded", Http.error(second).get("code").asText());
    }

    @Test
    void teamLimitNamesOnlyTheCallersOwnTeam() {
        post("narrow-key", chat("gpt-4o-mini", 10, false));
        post("narrow-key", chat("gpt-4o-mini", 10, false));
        HttpResponse<String> refused = post("narrow-key", chat("gpt-4o-mini", 10, false));
        assertEquals(429, refused.statusCode(), refused.body());
        String message = Http.error(refused).get("message").asText();
        assertTrue(message.contains("your team 'narrow'"), message);
        assertFalse(message.contains("spenders") || message.contains("open"), message);
    }

    @Test
    void tokensPerMinuteAreCorrectedByTheRealUsageWhenTheAnswerEnds() throws Exception {
        // Each request is admitted on 2 + 250 estimated tokens; two fit in 300 only if the first gives back what
        // its answer did not use (else the bucket needs 40 s to refill). A stream gives it back at its end.
        for (boolean stream : new boolean[] {true, false}) {
            HttpResponse<String> first = post("tpm-key", chat("gpt-4o-mini", 250, stream));
            assertEquals(200, first.statusCode(), first.body());
            assertEquals("300", header(first, "x-ratelimit-limit-tokens"));
            assertTrue(Integer.parseInt(header(first, "x-ratelimit-remaining-tokens")) < 252,
                    header(first, "x-ratelimit-remaining-tokens"));
            // Settled as the answer ends, which may be just after its caller has the last byte; without the
            // correction the bucket would need 40 s to refill enough.
            long deadline = System.nanoTime() + 2_000_000_000L;
            HttpResponse<String> second = post("tpm-key", chat("gpt-4o-mini", 250, stream));
            while (second.statusCode() == 429 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                second = post("tpm-key", chat("gpt-4o-mini", 250, stream));
            }
            assertEquals(200, second.statusCode(), "stream " + stream + ": " + second.body());
        }
        HttpResponse<String> tooLarge = post("tpm-key", chat("gpt-4o-mini", 1000, false));
        assertEquals(429, tooLarge.statusCode());
        assertTrue(Http.error(tooLarge).get("message").asText().contains("Request too large"), tooLarge.body());
    }

    @Test
    void modelsConcurrentRequestsLimitHoldsWhileAnAnswerIsUnderWay() throws Exception {
        simulator.clearReceived();
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(1500)));
        CompletableFuture<HttpResponse<String>> slow = Http.CLIENT.sendAsync(Http.postRequest(gateway,
                "/v1/chat/completions", chat("openai/gpt-4o", 10, false), "conc-key"),
                HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (simulator.received().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10); // the first request is under way once the provider has it
        }
        HttpResponse<String> refused = post("conc-key", chat("openai/gpt-4o", 10, false));
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(Http.error(refused).get("message").asText().contains("the model 'openai/gpt-4o': 1 requests at "
                + "once"), refused.body());
        assertEquals(200, slow.get().statusCode());
        // The slot is freed when the exchange completes, which may be just after its answer reached the client.
        assertEquals(200, afterTheSlotIsFreed().statusCode());
    }

    /** The next request of conc-key once its one concurrency slot is free again: a 429 while it is not, for 5 s. */
    private static HttpResponse<String> afterTheSlotIsFreed() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        HttpResponse<String> after = post("conc-key", chat("openai/gpt-4o", 10, false));
        while (after.statusCode() == 429 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            after = post("conc-key", chat("openai/gpt-4o", 10, false));
        }
        return after;
    }

    @Test
    void aStreamHoldsItsConcurrencySlotUntilItsLastChunk() throws Exception {
        simulator.enqueue(Fault.slowChunks(Duration.ofMillis(150)));
        CompletableFuture<HttpResponse<Stream<String>>> stream = Http.CLIENT.sendAsync(
                Http.postRequest(gateway, "/v1/chat/completions", chat("openai/gpt-4o", 10, true), "conc-key"),
                HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = stream.get().body().iterator();
        assertTrue(lines.hasNext() && lines.next().startsWith("data: "), "the stream has begun");
        HttpResponse<String> refused = post("conc-key", chat("openai/gpt-4o", 10, false));
        assertEquals(429, refused.statusCode(), "the stream's slot is held while it flows: " + refused.body());
        String last = "";
        while (lines.hasNext()) {
            String line = lines.next();
            last = line.isEmpty() ? last : line;
        }
        assertEquals("data: [DONE]", last);
        HttpResponse<String> after = afterTheSlotIsFreed(); // the slot is freed as the stream ends
        assertEquals(200, after.statusCode(), after.body());
    }

    @Test
    void hardBudgetIsNeverOverspentByConcurrentRequestsAndSettlesToTheAnswersCost() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(Http.CLIENT.sendAsync(Http.postRequest(gateway, "/v1/chat/completions",
                    chat("gpt-4o-mini", MAX_TOKENS, false), "spend-key"), HttpResponse.BodyHandlers.ofString()));
        }
        double answered = 0;
        int served = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get();
            if (response.statusCode() == 200) {
                JsonNode usage = Json.tree(response.body().getBytes()).get("usage");
                answered += (usage.get("prompt_tokens").asLong() * MINI_INPUT
                        + usage.get("completion_tokens").asLong() * MINI_OUTPUT) / 1_000_000;
                served++;
            } else {
                assertEquals(429, response.statusCode(), response.body());
                JsonNode error = Http.error(response);
                assertEquals("budget_exceeded", error.get("code").asText());
                assertTrue(error.get("message").asText().contains("daily budget of your team 'spenders'")
                        && error.get("message").asText().contains("It resets at"), error.toString());
                assertNotNull(header(response, "Retry-After"));
                refused++;
            }
        }
        BudgetLedger ledger = gateway.bean("budgetLedger", BudgetLedger.class);
        Scope team = new Scope(Scope.Kind.TEAM, "spenders");
        long deadline = System.nanoTime() + 5_000_000_000L; // a request settles as it ends, just after its answer
        while (Math.abs(ledger.spentUsd(team) - answered) > 1e-12 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double settled = ledger.spentUsd(team);
        assertTrue(served >= 10 && refused > 0, served + " served, " + refused + " refused");
        assertEquals(answered, settled, 1e-12, "settled spend is the sum of the answers' costs");
        assertTrue(settled <= BUDGET + 1e-12, "spent " + settled + " of " + BUDGET);
    }
}
