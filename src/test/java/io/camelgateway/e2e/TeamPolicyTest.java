package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;
import io.camelgateway.resilience.ProviderBreakers;
import io.camelgateway.simulator.ProviderSimulator;
import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A team policy, in a file gateway.yaml names, through the real gateway: who may use which model, with which
 * provider credential, wherever a model is chosen (explicitly, in a pool, in a fan-out, by model "auto"), the
 * filtered model list, the admin API, and edits to the file while the gateway runs.
 */
class TeamPolicyTest {
    static final String ALICE = "alice-key";          // placed in research by a rule on her key's name
    static final String SUPPORT = "support-app-key";  // its key names the team support
    static final String INTERN = "intern-key";        // placed in interns by a rule
    static final String OPS = "ops-key";              // admin role, team ops
    static final String RESEARCH_SECRET = "research-anthropic-secret";
    static final String SUPPORT_SECRET = "support-anthropic-secret";

    static final String POLICY = """
            rules:
              - team: research
                when: {caller: [alice]}
              - team: research
                when: {claim: {groups: research}}
              - team: interns
                when: {caller: [intern]}
            teams:
              research:
                models: ["openai/*", "claude-sonnet", "auto", "reliable"]
                intents: [math]
                maxTokens: 4000
                endpoints: [chat, models]
                credentials:
                  anthropic: env:RESEARCH_ANTHROPIC_KEY
                defaultCredentials: true
              support:
                models: ["anthropic/*", "claude-sonnet", "reliable", "hedged"]
                credentials:
                  anthropic: env:SUPPORT_ANTHROPIC_KEY
              interns:
                models: ["hedged", "gemini-flash", "auto"]
                autoFallback: gemini-flash
                endpoints: [chat]
                defaultCredentials: true
              ops:
                models: []
            """;

    static ProviderSimulator simulator;
    static TestGateway gateway;
    static Path dir;
    static Path policyFile;
    static int edits;

    @BeforeAll
    static void start() throws Exception {
        simulator = ProviderSimulator.start(0);
        dir = Files.createTempDirectory("gateway-policy-test");
        TestGateway.writeProviderKeys(dir);
        policyFile = dir.resolve("policy.yaml");
        Files.writeString(policyFile, POLICY);
        String config = TestGateway.config(simulator.baseUrl(), dir).replace("keys:\n", """
                keys:
                  - {name: alice, key: %s}
                  - {name: support-app, key: %s, team: support}
                  - {name: intern, key: %s}
                  - {name: ops, key: %s, team: ops, roles: [admin]}
                """.formatted(ALICE, SUPPORT, INTERN, OPS)) + "policy:\n  file: " + policyFile + "\n";
        Files.writeString(dir.resolve("gateway.yaml"), config);
        gateway = TestGateway.start(simulator, Map.of("GATEWAY_CONFIG", dir.resolve("gateway.yaml").toString(),
                "RESEARCH_ANTHROPIC_KEY", RESEARCH_SECRET, "SUPPORT_ANTHROPIC_KEY", SUPPORT_SECRET));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        simulator.close();
    }

    @BeforeEach
    void resetSimulator() {
        simulator.clearReceived();
        simulator.clearFaults();
    }

    private static HttpResponse<String> chat(String key, String model) {
        return Http.post(gateway, "/v1/chat/completions", Http.chat(model, "hello", false), key);
    }

    private static void assertRefused(HttpResponse<String> response, String model) {
        assertEquals(403, response.statusCode(), response.body());
        JsonNode error = Http.error(response);
        assertEquals("model_not_allowed", error.get("code").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertTrue(error.get("message").asText().contains("'" + model + "'"), error.toString());
        for (String team : List.of("research", "support", "interns", "ops")) {
            assertFalse(response.body().contains(team), "nothing about teams: " + response.body());
        }
    }

    @Test
    void aRefusalByPolicyIsAuditedWithTheCallerAndTeamButNoKey() throws Exception {
        String id = "policy-" + Long.toHexString(System.nanoTime());
        HttpResponse<String> refused = Http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ALICE)
                .header("x-request-id", id)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Http.chat("gemini-flash", "hello", false)))
                .build());
        assertRefused(refused, "gemini-flash");

        String line = AuditLogTest.awaitLine(gateway, id);
        JsonNode record = Json.tree(line);
        assertEquals("alice", record.get("caller").asText());
        assertEquals("research", record.get("team").asText());
        assertEquals("gemini-flash", record.get("model").asText());
        assertEquals(403, record.get("status").asInt());
        assertEquals("model_not_allowed", record.get("error_code").asText());
        assertEquals(0, record.get("attempts").asInt());
        for (String secret : List.of(ALICE, RESEARCH_SECRET, SUPPORT_SECRET)) {
            assertFalse(line.contains(secret), line);
        }
    }

    @Test
    void eachTeamsOwnAnthropicKeyReachesTheProvider() {
        assertEquals(200, chat(ALICE, "claude-sonnet").statusCode());
        assertEquals(200, chat(SUPPORT, "claude-sonnet").statusCode());

        List<RecordedRequest> received = simulator.received();
        assertEquals(2, received.size());
        assertEquals(RESEARCH_SECRET, received.get(0).header("x-api-key"));
        assertEquals(SUPPORT_SECRET, received.get(1).header("x-api-key"));
    }

    @Test
    void teamWithoutItsOwnKeyFallsBackToTheGatewaysOnlyWhereThePolicySaysSo() {
        assertEquals(200, chat(ALICE, "gpt-4o-mini").statusCode()); // research: defaultCredentials true
        assertEquals("Bearer sim-openai-key", simulator.received().get(0).header("authorization"));

        // support names openai/* nowhere and has no openai key: never the gateway's key instead
        assertRefused(chat(SUPPORT, "openai/gpt-4o-mini"), "openai/gpt-4o-mini");
    }

    @Test
    void modelOutsideTheTeamIsRefusedBeforeAnyProviderCall() {
        assertRefused(chat(SUPPORT, "gpt-4o-mini"), "gpt-4o-mini");
        assertRefused(chat(ALICE, "gemini-flash"), "gemini-flash");
        assertRefused(Http.post(gateway, "/v1/chat/completions", Http.chat("claude-sonnet", "hi", true), INTERN),
                "claude-sonnet");
        assertEquals(List.of(), simulator.received());
    }

    @Test
    void poolSkipsAMemberTheTeamMayNotUseWithoutCountingItAsAFailure() throws Exception {
        // reliable: openai/gpt-4o-mini first, then anthropic/claude-sonnet-4-5; support may use only the second
        JsonNode openaiBefore = Http.breaker(gateway, "openai");
        HttpResponse<String> answer = chat(SUPPORT, "reliable");

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("anthropic", answer.headers().firstValue("x-gateway-provider").orElseThrow());
        assertEquals("1", answer.headers().firstValue("x-gateway-attempts").orElseThrow());
        List<RecordedRequest> received = simulator.received();
        assertEquals(1, received.size());
        assertEquals(SUPPORT_SECRET, received.get(0).header("x-api-key"));
        assertEquals(openaiBefore, Http.breaker(gateway, "openai"), "the skipped member's breaker is untouched");
        JsonNode pool = Json.tree(Http.get(gateway, "/health/ready", null).body()).path("pools").path("reliable");
        assertEquals(0, pool.path("failovers").asInt(), pool.toString());
        assertEquals(0, pool.path("members").path("openai/gpt-4o-mini").path("failed").asInt(), pool.toString());
    }

    @Test
    void poolTriesTheTeamsMemberEvenWhenOnlyAForbiddenOneIsHealthy() {
        CircuitBreaker anthropic = gateway.bean("providerBreakers", ProviderBreakers.class).forProvider("anthropic");
        anthropic.transitionToOpenState();
        try {
            HttpResponse<String> answer = chat(SUPPORT, "reliable");

            assertEquals(503, answer.statusCode(), answer.body());
            assertEquals("provider_circuit_open", Http.error(answer).get("code").asText(),
                    "support's member is tried (and its open breaker answers), not refused as forbidden");
            assertEquals(List.of(), simulator.received());
        } finally {
            anthropic.transitionToClosedState();
        }
    }

    @Test
    void fanOutAsksOnlyTheMembersTheTeamMayUse() {
        // hedged: openai/gpt-4o-mini and anthropic/claude-haiku-4-5; support may use only the second
        HttpResponse<String> answer = chat(SUPPORT, "hedged");

        assertEquals(200, answer.statusCode(), answer.body());
        List<RecordedRequest> received = simulator.received();
        assertEquals(1, received.size(), "only the permitted member is called");
        assertEquals("/v1/messages", received.get(0).path());
        assertEquals(SUPPORT_SECRET, received.get(0).header("x-api-key"), "with the team's own key");
        assertFalse(answer.headers().firstValue("x-gateway-members").orElseThrow().contains("openai"));
    }

    @Test
    void fanOutWithNoMemberTheTeamMayUseIsRefused() {
        assertRefused(chat(INTERN, "hedged"), "hedged");
        assertEquals(List.of(), simulator.received());
    }

    @Test
    void autoSendsAnIntentWhoseModelTheTeamMayNotUseToItsFallback() {
        // "code" routes to claude-sonnet, which interns may not use; their autoFallback is gemini-flash
        HttpResponse<String> answer = Http.post(gateway, "/v1/chat/completions", Http.chat("auto",
                "Here is the stack trace from production, what is wrong?", false), INTERN);

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("code", answer.headers().firstValue("x-gateway-intent").orElseThrow());
        assertEquals("gemini", answer.headers().firstValue("x-gateway-provider").orElseThrow());
        assertEquals(1, simulator.received().size());
        assertTrue(simulator.received().get(0).path().contains("gemini-2.5-flash"), simulator.received().toString());
    }

    @Test
    void messagesRequestIsRefusedByThePolicyInAnthropicsShape() {
        HttpResponse<String> refused = Http.post(gateway, "/v1/messages", """
                {"model":"claude-sonnet","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}""", INTERN);

        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().startsWith("{\"type\":\"error\",\"error\":{\"type\":\"permission_error\""),
                refused.body());
        assertTrue(refused.body().contains("'claude-sonnet'"), refused.body());
        assertTrue(simulator.received().isEmpty());
    }

    @Test
    void messagesRequestTakesSemanticRoutingAndTheTeamsFallback() {
        HttpResponse<String> answer = Http.post(gateway, "/v1/messages", """
                {"model":"auto","max_tokens":50,"messages":[{"role":"user",
                 "content":"Here is the stack trace from production, what is wrong?"}]}""", INTERN);

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("code", answer.headers().firstValue("x-gateway-intent").orElseThrow());
        assertTrue(simulator.received().get(0).path().contains("gemini-2.5-flash"), simulator.received().toString());
        assertTrue(answer.body().contains("\"type\":\"message\""), answer.body());
    }

    @Test
    void autoRefusesAnIntentTheTeamMayNotRouteToWhenItHasNoFallback() {
        HttpResponse<String> answer = Http.post(gateway, "/v1/chat/completions", Http.chat("auto",
                "Here is the stack trace from production, what is wrong?", false), ALICE); // research: [math]

        assertRefused(answer, "auto");
        assertTrue(Http.error(answer).get("message").asText().contains("'code'"), answer.body());
        assertEquals(List.of(), simulator.received());
    }

    @Test
    void modelListShowsOnlyWhatTheCallerMayUse() throws Exception {
        List<String> research = ids(Http.get(gateway, "/v1/models", ALICE));
        assertTrue(research.containsAll(List.of("gpt-4o-mini", "openai/gpt-4o-mini", "claude-sonnet", "reliable")),
                research.toString());
        assertFalse(research.contains("gemini-flash"), research.toString());
        assertFalse(research.contains("hedged"), research.toString());

        List<String> support = ids(Http.get(gateway, "/v1/models", SUPPORT));
        assertTrue(support.containsAll(List.of("claude-sonnet", "reliable", "hedged")), support.toString());
        assertFalse(support.contains("gpt-4o-mini"), support.toString());

        assertEquals(403, Http.get(gateway, "/v1/models/gemini-flash", ALICE).statusCode());
        HttpResponse<String> interns = Http.get(gateway, "/v1/models", INTERN); // interns: endpoints [chat]
        assertEquals(403, interns.statusCode());
        assertEquals("endpoint_not_allowed", Http.error(interns).get("code").asText());
    }

    @Test
    void outputAboveTheTeamsCapIsRefusedAndARequestWithoutOneGetsTheCap() throws Exception {
        HttpResponse<String> tooMuch = Http.post(gateway, "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"max_tokens\":5000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                ALICE);
        assertEquals(400, tooMuch.statusCode());
        assertEquals("max_tokens", Http.error(tooMuch).get("param").asText());
        assertTrue(Http.error(tooMuch).get("message").asText().contains("4000"), tooMuch.body());

        assertEquals(200, chat(ALICE, "gpt-4o-mini").statusCode());
        assertEquals(4000, Json.tree(simulator.received().get(0).body()).path("max_tokens").asInt());
    }

    @Test
    void endpointOutsideTheTeamIsRefused() {
        HttpResponse<String> answer = Http.post(gateway, "/v1/embeddings",
                "{\"model\":\"openai/text-embedding-3-small\",\"input\":\"hi\"}", ALICE);
        assertEquals(403, answer.statusCode(), answer.body());
        assertEquals("endpoint_not_allowed", Http.error(answer).get("code").asText());
        assertEquals(List.of(), simulator.received());

        HttpResponse<String> dryRun = Http.post(gateway, "/v1/routing/dry-run", Http.chat("auto", "hi", false),
                ALICE);
        assertEquals(403, dryRun.statusCode(), dryRun.body());
        assertEquals("endpoint_not_allowed", Http.error(dryRun).get("code").asText());
    }

    @Test
    void adminListsTeamsWithCredentialReferencesNeverTheirValues() throws Exception {
        HttpResponse<String> teams = Http.get(gateway, "/admin/v1/teams", OPS);
        assertEquals(200, teams.statusCode(), teams.body());
        JsonNode json = Json.tree(teams.body());
        assertEquals("env:RESEARCH_ANTHROPIC_KEY", json.path("teams").path("research").path("credentials")
                .path("anthropic").asText());
        assertFalse(teams.body().contains(RESEARCH_SECRET), teams.body());
        assertFalse(teams.body().contains(SUPPORT_SECRET), teams.body());
        assertEquals("alice", json.path("rules").get(0).path("when").path("caller").get(0).asText());

        HttpResponse<String> notAdmin = Http.get(gateway, "/admin/v1/teams", ALICE);
        assertEquals(403, notAdmin.statusCode());
        assertEquals("insufficient_permissions", Http.error(notAdmin).get("code").asText());
    }

    @Test
    void dryRunSaysWhetherACallerMayUseAModelAndWithWhichCredential() throws Exception {
        JsonNode allowed = check("{\"caller\":\"alice\",\"model\":\"claude-sonnet\"}");
        assertTrue(allowed.path("allowed").asBoolean(), allowed.toString());
        assertEquals("research", allowed.path("team").asText());
        assertEquals("anthropic", allowed.path("provider").asText());
        assertEquals("claude-sonnet-4-5", allowed.path("model").asText());
        assertEquals("env:RESEARCH_ANTHROPIC_KEY", allowed.path("credential").asText());

        JsonNode refused = check("{\"caller\":\"support-app\",\"model\":\"gpt-4o-mini\"}");
        assertFalse(refused.path("allowed").asBoolean(), refused.toString());
        assertEquals("support", refused.path("team").asText());
        assertTrue(refused.path("reason").asText().contains("gpt-4o-mini"), refused.toString());

        JsonNode byClaim = check("{\"caller\":{\"name\":\"carol\",\"attributes\":{\"groups\":[\"staff\","
                + "\"research\"]}},\"model\":\"gpt-4o-mini\"}");
        assertEquals("research", byClaim.path("team").asText(), byClaim.toString());
        assertEquals("file:" + dir + "/openai.key", byClaim.path("credential").asText(),
                "the gateway's own openai key, as a reference");
        assertEquals(List.of(), simulator.received(), "a dry run calls nothing");

        HttpResponse<String> notAdmin = Http.post(gateway, "/admin/v1/policy/check",
                "{\"caller\":\"alice\",\"model\":\"claude-sonnet\"}", SUPPORT);
        assertEquals(403, notAdmin.statusCode());
    }

    @Test
    void editedPolicyFileAppliesWithoutARestartAndABrokenEditKeepsTheLastGood() throws Exception {
        String outsider = TestGateway.CALLER_KEY; // no rule places it, and there is no default team yet
        HttpResponse<String> refused = chat(outsider, "gpt-4o-mini");
        assertEquals(403, refused.statusCode());
        assertEquals("no_team", Http.error(refused).get("code").asText());

        rewritePolicy(POLICY.replace("teams:\n", """
                defaultTeam: everyone
                teams:
                  everyone:
                    models: [gpt-4o-mini]
                    defaultCredentials: true
                """));
        assertEquals(200, eventually(() -> chat(outsider, "gpt-4o-mini")).statusCode());

        try (LogCapture logs = new LogCapture()) {
            rewritePolicy(POLICY.replace("team: interns", "team: nobody-defines-this"));
            waitUntil(() -> logs.lines().stream().anyMatch(l -> l.contains("last good policy stays in force")));
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("nobody-defines-this")), logs.lines()
                    .toString());
        }
        assertEquals(200, chat(outsider, "gpt-4o-mini").statusCode(), "the last good policy still holds");
        assertRefused(chat(outsider, "claude-sonnet"), "claude-sonnet");
    }

    private static void rewritePolicy(String text) throws Exception {
        Files.writeString(policyFile, text);
        // a later time than the last write, however coarse the file system's clock
        Files.setLastModifiedTime(policyFile, FileTime.from(Instant.now().plusSeconds(++edits * 10L)));
    }

    private static HttpResponse<String> eventually(java.util.function.Supplier<HttpResponse<String>> request)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        HttpResponse<String> response = request.get();
        while (response.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = request.get();
        }
        return response;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            chat(TestGateway.CALLER_KEY, "gpt-4o-mini"); // the file is looked at when the policy is used
            Thread.sleep(200);
        }
        assertTrue(condition.getAsBoolean(), "timed out");
    }

    private static JsonNode check(String body) throws Exception {
        HttpResponse<String> answer = Http.post(gateway, "/admin/v1/policy/check", body, OPS);
        assertEquals(200, answer.statusCode(), answer.body());
        return Json.tree(answer.body());
    }

    private static List<String> ids(HttpResponse<String> list) throws Exception {
        assertEquals(200, list.statusCode(), list.body());
        return Json.tree(list.body()).path("data").findValuesAsText("id");
    }
}
