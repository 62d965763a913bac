package io.camelgateway.e2e;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.limits.BudgetLedger;
import io.camelgateway.limits.Scope;
import io.camelgateway.simulator.ProviderSimulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A soft budget: its crossing is told once (log, metric, and a webhook named by notify:), and requests go on; its
 * spend is written to the store and read again by a gateway started on the same store.
 */
class BudgetSpendTest {
    static ProviderSimulator simulator;
    static HttpServer webhook;
    static final List<String> alerts = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        simulator = ProviderSimulator.start(0);
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/alert", exchange -> {
            alerts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterAll
    static void stop() {
        webhook.stop(0);
        simulator.close();
    }

    private static String policy() {
        return """
                policy:
                  defaultTeam: open
                  teams:
                    open: {models: ["*"], defaultCredentials: true}
                  keys:
                    env-key-0:
                      budget: {usd: 0.000001, period: month, hard: false, notify: "netty-http:http://127.0.0.1:%d/alert"}
                """.formatted(webhook.getAddress().getPort());
    }

    private static double cost(HttpResponse<String> answer) throws Exception {
        JsonNode usage = Json.tree(answer.body().getBytes(StandardCharsets.UTF_8)).get("usage");
        return (usage.get("prompt_tokens").asLong() * 0.15 + usage.get("completion_tokens").asLong() * 0.60) / 1e6;
    }

    @Test
    void softBudgetAlertsOnceAndItsSpendSurvivesARestart() throws Exception {
        Path data = Files.createTempDirectory("gateway-budget-store");
        Map<String, String> properties = Map.of("gateway.budgets.write-ms", "100");
        String config = policy() + LimitsTest.ownStore(data);
        Scope key = new Scope(Scope.Kind.KEY, "env-key-0");
        double spent = 0;
        double settled;
        try (TestGateway first = TestGateway.start(simulator, Map.of(), properties, config)) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> answer = Http.post(first, "/v1/chat/completions",
                        Http.chat("gpt-4o-mini", "hello there", false), TestGateway.CALLER_KEY);
                assertEquals(200, answer.statusCode(), answer.body()); // soft: never refused
                spent += cost(answer);
            }
            BudgetLedger ledger = first.bean("budgetLedger", BudgetLedger.class);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while ((Math.abs(ledger.spentUsd(key) - spent) > 1e-12 || alerts.isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            settled = ledger.spentUsd(key);
            assertEquals(spent, settled, 1e-12);
            assertEquals(1, MetricsScrape.of(first).sum("gateway_budget_alerts_total", "scope=key", "kind=soft"));
        }
        assertEquals(1, alerts.size(), alerts.toString());
        JsonNode alert = Json.tree(alerts.get(0).getBytes(StandardCharsets.UTF_8));
        assertEquals("budget_reached", alert.get("event").asText());
        assertEquals("env-key-0", alert.get("name").asText());
        assertTrue(alert.get("spent_usd").asDouble() >= 0.000001, alert.toString());

        try (TestGateway second = TestGateway.start(simulator, Map.of(), properties, config)) {
            Http.post(second, "/v1/chat/completions", Http.chat("gpt-4o-mini", "hello there", false),
                    TestGateway.CALLER_KEY); // opens the key's current period, from the store
            BudgetLedger ledger = second.bean("budgetLedger", BudgetLedger.class);
            assertTrue(ledger.spentUsd(key) >= settled - 1e-12, ledger.spentUsd(key) + " after " + settled);
        }
        assertEquals(1, alerts.size(), "no second alert for a budget already crossed: " + alerts);
    }
}
