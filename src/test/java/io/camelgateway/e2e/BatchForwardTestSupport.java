package io.camelgateway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.limits.BudgetLedger;
import io.camelgateway.limits.Scope;
import io.camelgateway.simulator.BatchPlan;
import io.camelgateway.simulator.ProviderSimulator;
import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every provider batch API the gateway forwards to must do, against the simulator's: a batch for a provider
 * with "batches: provider" goes to its batch API instead of line by line; it is sent once across a restart of the
 * gateway, its answers come back to the right lines, errored and expired lines are in the error file, a cancel is
 * forwarded, the team's credential (never the caller's key) is on every call, and the lines are metered at batch
 * prices. A batch whose lines go to two providers runs at the gateway. A subclass names the provider.
 */
abstract class BatchForwardTestSupport {
    /** second-caller, of the team research, whose policy gives it its own key for each batch provider. */
    static final String TEAM_KEY = "gw-second-caller-key";
    static final String TEAM_SECRET = "research-batch-provider-secret";
    private static final String POLICY = """
            teams:
              research:
                models: ["openai-batch/*", "anthropic-batch/*", "gemini-batch/*", "private/*"]
                credentials:
                  openai-batch: env:RESEARCH_BATCH_KEY
                  anthropic-batch: env:RESEARCH_BATCH_KEY
                  gemini-batch: env:RESEARCH_BATCH_KEY
                defaultCredentials: true
                budget: {usd: 1000, period: month}
            """;
    private static final Map<String, String> PROPERTIES = Map.of("gateway.batches.forward-poll-ms", "50",
            "gateway.batches.poll-ms", "50", "gateway.max-body-bytes", "1000000",
            "gateway.batches.max-file-bytes", "1000000", "gateway.usage.flush-ms", "100");
    private static ProviderSimulator simulator;
    private static TestGateway gateway;
    private static String config;

    @BeforeAll
    static void start() throws Exception {
        simulator = ProviderSimulator.start(0);
        Path dir = Files.createTempDirectory("batch-forward");
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        config = LimitsTest.ownStore(dir) + "policy:\n  file: " + policy + "\n";
        gateway = TestGateway.start(simulator, env(), PROPERTIES, config);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        simulator.close();
    }

    @BeforeEach
    void freshSimulator() {
        simulator.clearReceived();
        simulator.planBatches(BatchPlan.QUICK);
    }

    @Test
    void thousandLinesAreSentOnceAndEachAnsweredOnceAcrossARestart() throws Exception {
        int lines = 1000;
        simulator.planBatches(BatchPlan.taking(Duration.ofSeconds(3)).withErrors(Set.of(7, 500)));
        Path dir = Files.createTempDirectory("batch-forward-restart");
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        String sameStore = LimitsTest.ownStore(dir) + "policy:\n  file: " + policy + "\n";
        String batchId;
        try (TestGateway first = TestGateway.start(simulator, env(), PROPERTIES, sameStore)) {
            String fileId = BatchApi.uploaded(first, TEAM_KEY, BatchApi.chatLines(lines, model()));
            batchId = BatchApi.ok(BatchApi.create(first, TEAM_KEY, fileId, "/v1/chat/completions")).get("id")
                    .asText();
            BatchApi.awaitStatus(first, TEAM_KEY, batchId, Set.of("in_progress"), Duration.ofSeconds(20));
        }
        assertEquals(1, sent("POST", createPath()).size(), "sent before the stop");
        JsonNode done;
        try (TestGateway second = TestGateway.start(simulator, env(), PROPERTIES, sameStore)) {
            done = BatchApi.awaitStatus(second, TEAM_KEY, batchId, Set.of("completed", "failed", "expired"),
                    Duration.ofSeconds(30));
            assertEquals("completed", done.get("status").asText(), done.toString());
            assertEquals(lines - 2, done.at("/request_counts/completed").asInt());
            assertEquals(2, done.at("/request_counts/failed").asInt());

            List<JsonNode> output = BatchApi.lines(second, TEAM_KEY, done.get("output_file_id").asText());
            assertEquals(lines - 2, output.size());
            int previous = -1;
            for (JsonNode line : output) {
                int n = Integer.parseInt(line.get("custom_id").asText().substring("request-".length()));
                assertTrue(n > previous, "in the input's order, each once: " + n + " after " + previous);
                previous = n;
                assertEquals(200, line.at("/response/status_code").asInt());
                assertEquals(answer(n), line.at("/response/body/choices/0/message/content").asText());
            }
            List<JsonNode> errors = BatchApi.lines(second, TEAM_KEY, done.get("error_file_id").asText());
            assertEquals(List.of("request-7", "request-500"), errors.stream()
                    .map(line -> line.get("custom_id").asText()).toList());
            for (JsonNode line : errors) {
                assertEquals(400, line.at("/response/status_code").asInt(), line.toString());
                assertTrue(line.at("/response/body/error/message").asText()
                        .contains("the simulator was told to refuse"), line.toString());
            }
        }
        assertEquals(1, sent("POST", createPath()).size(), "the provider's batch was made once");
        assertEquals(1, sent("POST", linesPath()).size(), "the lines were sent once");
        assertTrue(simulator.received().stream().noneMatch(r -> r.path().endsWith("/chat/completions")
                || r.path().equals("/v1/messages") || r.path().endsWith(":generateContent")), "no line ran alone");
        RecordedRequest upload = sent("POST", linesPath()).get(0);
        assertTrue(upload.body().contains("\"line-999\"") && upload.body().contains("\"line 999\"")
                && (upload.path() + upload.body()).contains(upstreamModel()), "the lines as the provider takes them");
        onlyTheTeamsCredential();
    }

    @Test
    void linesAreMeteredAtTheBatchPriceAndCountInTheTeamsBudget() throws Exception {
        JsonNode before = settledUsage();
        BudgetLedger budgets = gateway.bean("budgetLedger", BudgetLedger.class);
        Scope team = new Scope(Scope.Kind.TEAM, "research");
        double spentBefore = budgets.spentUsd(team);
        JsonNode done = run(BatchApi.chatLines(20, model()), "completed");
        long prompt = 0;
        long completion = 0;
        for (JsonNode line : BatchApi.lines(gateway, TEAM_KEY, done.get("output_file_id").asText())) {
            prompt += line.at("/response/body/usage/prompt_tokens").asLong();
            completion += line.at("/response/body/usage/completion_tokens").asLong();
        }
        // half of gateway.yaml's price, as it names no batch price for the model
        double batchCost = (prompt * ordinaryPrices()[0] + completion * ordinaryPrices()[1]) / 2 / 1_000_000;
        JsonNode row = awaitUsage(before.path("requests").asLong() + 20);
        assertEquals(batchCost, row.get("cost_usd").asDouble() - before.path("cost_usd").asDouble(), 1e-9,
                row.toString());
        assertEquals(prompt, row.get("input_tokens").asLong() - before.path("input_tokens").asLong());
        assertEquals(completion, row.get("output_tokens").asLong() - before.path("output_tokens").asLong());
        assertEquals(batchCost, budgets.spentUsd(team) - spentBefore, 1e-9,
                "what the provider's batch API answered counts in the team's budget, at the batch price");
    }

    @Test
    void expiredAndErroredLinesAreInTheErrorFile() throws Exception {
        simulator.planBatches(BatchPlan.QUICK.withExpired(Set.of(1, 2)).withErrors(Set.of(4)));
        JsonNode done = run(BatchApi.chatLines(6, model()), "expired");
        assertEquals(List.of("request-0", "request-3", "request-5"), customIds(done.get("output_file_id")));
        List<JsonNode> errors = BatchApi.lines(gateway, TEAM_KEY, done.get("error_file_id").asText());
        assertEquals(List.of("request-1", "request-2", "request-4"), errors.stream()
                .map(line -> line.get("custom_id").asText()).toList());
        assertTrue(errors.get(0).get("response").isNull());
        assertEquals("batch_expired", errors.get(0).at("/error/code").asText());
        assertEquals("batch_expired", errors.get(1).at("/error/code").asText());
        assertEquals(400, errors.get(2).at("/response/status_code").asInt());
    }

    @Test
    void aCancelIsForwardedToTheProvider() throws Exception {
        simulator.planBatches(BatchPlan.taking(Duration.ofSeconds(60)));
        String fileId = BatchApi.uploaded(gateway, TEAM_KEY, BatchApi.chatLines(10, model()));
        String batchId = BatchApi.ok(BatchApi.create(gateway, TEAM_KEY, fileId, "/v1/chat/completions")).get("id")
                .asText();
        BatchApi.awaitStatus(gateway, TEAM_KEY, batchId, Set.of("in_progress"), Duration.ofSeconds(10));
        JsonNode cancelling = BatchApi.ok(Http.post(gateway, "/v1/batches/" + batchId + "/cancel", "", TEAM_KEY));
        assertEquals("cancelling", cancelling.get("status").asText());
        JsonNode done = BatchApi.awaitStatus(gateway, TEAM_KEY, batchId, Set.of("cancelled"), Duration.ofSeconds(10));
        List<RecordedRequest> cancels = simulator.received().stream()
                .filter(r -> r.method().equals("POST") && r.path().startsWith(cancelPath()[0])
                        && r.path().endsWith(cancelPath()[1])).toList();
        assertEquals(1, cancels.size(), "the cancel reached the provider once");
        List<JsonNode> errors = BatchApi.lines(gateway, TEAM_KEY, done.get("error_file_id").asText());
        assertEquals(10, errors.size());
        errors.forEach(line -> assertEquals("batch_cancelled", line.at("/error/code").asText()));
        assertTrue(done.get("output_file_id").isNull());
    }

    @Test
    void aBatchForTwoProvidersRunsAtTheGateway() throws Exception {
        String lines = BatchApi.chatLines(3, model()) + BatchApi.chatLines(3, "private/gpt-4o-mini")
                .replace("request-", "other-");
        JsonNode done = run(lines, "completed");
        assertEquals(6, done.at("/request_counts/completed").asInt());
        assertTrue(sent("POST", createPath()).isEmpty(), "not forwarded");
        assertEquals(6, simulator.received().stream().filter(r -> r.path().endsWith("/chat/completions")
                || r.path().equals("/v1/messages") || r.path().endsWith(":generateContent")).count(),
                "each line called at the gateway");
    }

    private static JsonNode run(String lines, String status) throws Exception {
        String fileId = BatchApi.uploaded(gateway, TEAM_KEY, lines);
        String batchId = BatchApi.ok(BatchApi.create(gateway, TEAM_KEY, fileId, "/v1/chat/completions")).get("id")
                .asText();
        JsonNode done = BatchApi.awaitStatus(gateway, TEAM_KEY, batchId, Set.of("completed", "failed", "expired",
                "cancelled"), Duration.ofSeconds(20));
        assertEquals(status, done.get("status").asText(), done.toString());
        return done;
    }

    private static List<String> customIds(JsonNode fileId) throws Exception {
        assertFalse(fileId.isNull());
        List<String> ids = new ArrayList<>();
        BatchApi.lines(gateway, TEAM_KEY, fileId.asText()).forEach(line -> ids.add(line.get("custom_id").asText()));
        return ids;
    }

    static List<RecordedRequest> sent(String method, String path) {
        return simulator.received().stream().filter(r -> r.method().equals(method) && r.path().equals(path))
                .toList();
    }

    /** Every call to the provider carried the team's own key, and the caller's gateway key reached it nowhere. */
    private void onlyTheTeamsCredential() {
        List<RecordedRequest> received = simulator.received();
        assertFalse(received.isEmpty());
        for (RecordedRequest request : received) {
            assertEquals(credentialValue(TEAM_SECRET), request.header(credentialHeader()), request.path());
            assertFalse(request.headers().toString().contains(TEAM_KEY) || request.body().contains(TEAM_KEY),
                    "the caller's key reached the provider: " + request.path());
        }
    }

    /** second-caller's usage of the forwarded model so far (an empty object when none). */
    private JsonNode usage() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode report = BatchApi.ok(AdminApi.call(gateway, "GET", "/admin/v1/usage?from=" + today + "&to=" + today
                + "&groupBy=key,model", null, TestGateway.ADMIN_KEY));
        for (JsonNode row : report.get("data")) {
            if (row.get("key").asText().equals("second-caller") && row.get("model").asText().equals(model())) {
                return row;
            }
        }
        return Json.object();
    }

    /** The usage once the lines of the tests before are in it (it is written every 100 ms here). */
    private JsonNode settledUsage() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        JsonNode last = usage();
        while (System.nanoTime() < deadline) {
            Thread.sleep(300);
            JsonNode now = usage();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the usage kept changing for 5 s: " + last);
    }

    private JsonNode awaitUsage(long requests) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode row = usage();
        while (row.path("requests").asLong() < requests) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("usage of " + requests + " requests not written within 10 s: " + row);
            }
            Thread.sleep(50);
            row = usage();
        }
        return row;
    }

    private static Map<String, String> env() {
        return Map.of("RESEARCH_BATCH_KEY", TEAM_SECRET);
    }

    /** The model a forwarded batch's lines name: a batch provider's. */
    abstract String model();

    /** The model as the provider knows it. */
    abstract String upstreamModel();

    /** Its answer to "line n", as the simulator words it. */
    abstract String answer(int n);

    /** Where the provider's batch is made (POST). */
    abstract String createPath();

    /** How the path of a provider batch's cancel (POST) begins and ends. */
    abstract String[] cancelPath();

    /** The request that carries the lines to the provider (POST): an upload, or the batch's creation itself. */
    abstract String linesPath();

    /** The credential, as the request carries it, in the header of this name. */
    abstract String credentialHeader();

    abstract String credentialValue(String secret);

    /** gateway.yaml's prices of the model: input and output, USD per million. */
    abstract double[] ordinaryPrices();
}
