package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.limits.BudgetLedger;
import io.camelgateway.limits.RedisServer;
import io.camelgateway.limits.Scope;
import io.camelgateway.simulator.ProviderSimulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateways on one real Redis share their rate limits and budgets: together they admit no more than one
 * gateway would. And a gateway whose Redis stops answers anyway, within the Redis timeout (fail open).
 */
class SharedLimitsTest {
    static final double MOST = (2 * 0.15 + 40 * 0.60) / 1_000_000; // "hello", max_tokens 40, gpt-4o-mini
    static final double BUDGET = 10 * MOST;
    static final String POLICY = """
            policy:
              defaultTeam: open
              teams:
                open: {models: ["*"], defaultCredentials: true}
                research:
                  models: ["*"]
                  defaultCredentials: true
                  budget: {usd: %s, period: day, hard: true}
              keys:
                env-key-0: {limits: {requestsPerMinute: 10}}
            """.formatted(BUDGET);

    static ProviderSimulator simulator;
    static TestGateway one;
    static TestGateway two;

    @BeforeAll
    static void start() throws Exception {
        simulator = ProviderSimulator.start(0);
        Map<String, String> env = Map.of("GATEWAY_REDIS_URL", RedisServer.shared().url());
        one = TestGateway.start(simulator, env, Map.of(), POLICY + ownStore());
        two = TestGateway.start(simulator, env, Map.of(), POLICY + ownStore());
    }

    /** Each gateway a store of its own, as two hosts would have: only Redis joins them. */
    private static String ownStore() throws Exception {
        return LimitsTest.ownStore(Files.createTempDirectory("gateway-shared-limits"));
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
        simulator.close();
    }

    private static CompletableFuture<HttpResponse<String>> chat(TestGateway gateway, String key) {
        return Http.CLIENT.sendAsync(Http.postRequest(gateway, "/v1/chat/completions", "{\"model\":\"gpt-4o-mini\","
                + "\"max_tokens\":40,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}", key),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void twoGatewaysTogetherAdmitOneKeysRequestsPerMinute() throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(chat(i % 2 == 0 ? one : two, TestGateway.CALLER_KEY));
        }
        int served = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get();
            if (response.statusCode() == 200) {
                served++;
            } else {
                assertEquals("rate_limit_exceeded", Http.error(response).get("code").asText(), response.body());
            }
        }
        long refilled = (System.nanoTime() - start) / 6_000_000_000L; // 10 a minute: one more each 6 s
        assertTrue(served >= 10 && served <= 10 + refilled, served + " served by the two gateways together");
    }

    @Test
    void twoGatewaysTogetherStayWithinAHardBudgetAndSettleWhatTheAnswersCost() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(chat(i % 2 == 0 ? one : two, "gw-second-caller-key"));
        }
        double answered = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get();
            if (response.statusCode() == 200) {
                JsonNode usage = Json.tree(response.body().getBytes(StandardCharsets.UTF_8)).get("usage");
                answered += (usage.get("prompt_tokens").asLong() * 0.15
                        + usage.get("completion_tokens").asLong() * 0.60) / 1_000_000;
            } else {
                assertEquals("budget_exceeded", Http.error(response).get("code").asText(), response.body());
                refused++;
            }
        }
        Scope team = new Scope(Scope.Kind.TEAM, "research");
        BudgetLedger ledger = one.bean("budgetLedger", BudgetLedger.class);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Math.abs(ledger.spentUsd(team) - answered) > 1e-12 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double settled = ledger.spentUsd(team);
        assertTrue(refused > 0, "nothing refused");
        assertEquals(answered, settled, 1e-12, "both gateways' answers settled in the one total");
        assertEquals(settled, two.bean("budgetLedger", BudgetLedger.class).spentUsd(team), 1e-12);
        assertTrue(settled <= BUDGET + 1e-12, "spent " + settled + " of " + BUDGET);
    }

    @Test
    void aGatewayWhoseRedisStopsStillAnswersWithinItsTimeout() throws Exception {
        RedisServer own = RedisServer.start();
        try (TestGateway gateway = TestGateway.start(simulator, Map.of("GATEWAY_REDIS_URL", own.url()), Map.of(),
                POLICY + ownStore())) {
            assertEquals(200, chat(gateway, TestGateway.CALLER_KEY).get().statusCode());
            own.close();
            long start = System.nanoTime();
            HttpResponse<String> answer = chat(gateway, TestGateway.CALLER_KEY).get();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(millis < 3000, "answered after " + millis + " ms");
        }
    }
}
