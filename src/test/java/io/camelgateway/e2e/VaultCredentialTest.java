package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.simulator.FakeVault;
import io.camelgateway.simulator.ProviderSimulator;
import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Provider keys from HashiCorp Vault, end to end: the gateway reads them through Spring Vault from a fake that
 * follows Vault's published HTTP API (KV v2, token and AppRole auth), not from a real Vault server.
 */
class VaultCredentialTest {
    private static final String TOKEN = "hvs.gateway-test-token";
    private static final String ROLE_ID = "7f3a-role-id";
    private static final String SECRET_ID = "d1e2-secret-id";
    private static final String KEY_1 = "sk-vault-key-one";
    private static final String KEY_2 = "sk-vault-key-two";
    private static final String ENV_KEY = "sk-env-key-never-rotates";
    private static final String TEAM_KEY_1 = "sk-team-research-one";
    private static final String TEAM_KEY_2 = "sk-team-research-two";
    private static final String TEAM_CALLER = "gw-research-caller-key";
    private static final List<String> SECRETS = List.of(TOKEN, SECRET_ID, KEY_1, KEY_2, ENV_KEY, TEAM_KEY_1,
            TEAM_KEY_2, TEAM_CALLER);

    private final ProviderSimulator simulator = ProviderSimulator.start(0);
    private final FakeVault vault = FakeVault.start(0);
    private LogCapture logs;
    private TestGateway gateway;

    @BeforeEach
    void seedVault() {
        logs = new LogCapture();
        vault.addToken(TOKEN, Duration.ZERO, false);
        vault.addAppRole(ROLE_ID, SECRET_ID, Duration.ofMinutes(10));
        vault.write("secret", "llm/openai", Map.of("api_key", KEY_1));
    }

    @AfterEach
    void stopAndCheckTheLogs() {
        if (gateway != null) {
            gateway.close();
        }
        vault.close();
        simulator.close();
        logs.close();
        List<String> secrets = new ArrayList<>(SECRETS);
        secrets.addAll(vault.issuedTokens());
        for (String line : logs.lines()) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "a secret in the log: " + line);
            }
        }
    }

    @Test
    void tokenAuthKeyReachesTheProvider() {
        simulator.requireKey(KEY_1);
        start(tokenAuth(), Duration.ofMinutes(5));

        assertEquals(200, chat("openai/gpt-4o-mini").statusCode());
        assertEquals("Bearer " + KEY_1, simulator.received().get(0).header("Authorization"));
        assertTrue(vault.received().contains("GET /v1/secret/data/llm/openai"), vault.received().toString());
    }

    @Test
    void appRoleKeyReachesTheProvider() {
        simulator.requireKey(KEY_1);
        start("""
                  auth:
                    method: approle
                    roleId: %s
                    secretId: file:%s
                """.formatted(ROLE_ID, secretIdFile()), Duration.ofMinutes(5));

        assertEquals(200, chat("openai/gpt-4o-mini").statusCode());
        assertEquals("Bearer " + KEY_1, simulator.received().get(0).header("Authorization"));
        assertEquals(1, vault.logins());
        assertTrue(vault.received().contains("POST /v1/auth/approle/login"), vault.received().toString());
    }

    @Test
    void aRotatedKeyIsPickedUpOnScheduleWhileRequestsFlowAndNoneFails() throws Exception {
        start(tokenAuth(), Duration.ofMillis(200));

        List<Integer> statuses = whileRequestsFlow(() -> vault.write("secret", "llm/openai", Map.of("api_key", KEY_2)));

        assertTrue(statuses.size() > 10, "requests flowed: " + statuses.size());
        assertTrue(statuses.stream().allMatch(s -> s == 200), "every request answered: " + statuses);
        List<String> keys = simulator.received().stream().map(r -> r.header("Authorization")).toList();
        assertEquals("Bearer " + KEY_1, keys.get(0));
        assertEquals("Bearer " + KEY_2, keys.get(keys.size() - 1));
        assertEquals(List.of("Bearer " + KEY_1, "Bearer " + KEY_2), keys.stream().distinct().toList(),
                "the old key until the new one was read, then the new one");
    }

    @Test
    void aProviderThatDropsTheOldKeyAtOnceFailsNoRequestWhileTheyFlow() throws Exception {
        simulator.requireKey(KEY_1);
        start(tokenAuth(), Duration.ofHours(1)); // no scheduled read: only the refusals make the gateway read again

        List<Integer> statuses = whileRequestsFlow(() -> {
            vault.write("secret", "llm/openai", Map.of("api_key", KEY_2));
            simulator.requireKey(KEY_2); // the old key stops working the moment the new one exists
        });

        assertTrue(statuses.size() > 10, "requests flowed: " + statuses.size());
        assertTrue(statuses.stream().allMatch(s -> s == 200), "every request answered: " + statuses);
        assertEquals("Bearer " + KEY_2, authorizations().get(authorizations().size() - 1));
    }

    /** The statuses of requests sent by two callers for 2.5 s, with {@code rotate} run 0.8 s in. */
    private List<Integer> whileRequestsFlow(Runnable rotate) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(2);
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_500);
        List<Future<?>> flows = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            flows.add(callers.submit(() -> {
                while (System.nanoTime() < end) {
                    statuses.add(chat("openai/gpt-4o-mini").statusCode());
                }
            }));
        }
        Thread.sleep(800);
        rotate.run();
        for (Future<?> flow : flows) {
            flow.get(20, TimeUnit.SECONDS);
        }
        callers.shutdown();
        return List.copyOf(statuses);
    }

    @Test
    void aProviderRefusingTheOldKeyMakesTheGatewayReadVaultAgainAndRetryOnce() {
        start(tokenAuth(), Duration.ofHours(1)); // no scheduled read comes in this test
        assertEquals(200, chat("openai/gpt-4o-mini").statusCode());
        vault.write("secret", "llm/openai", Map.of("api_key", KEY_2));
        simulator.requireKey(KEY_2);
        simulator.clearReceived();
        int readsBefore = kvReads();

        HttpResponse<String> answer = chat("openai/gpt-4o-mini");

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(List.of("Bearer " + KEY_1, "Bearer " + KEY_2), authorizations());
        assertEquals(readsBefore + 1, kvReads());
        simulator.clearReceived();
        assertEquals(200, chat("openai/gpt-4o-mini").statusCode());
        assertEquals(List.of("Bearer " + KEY_2), authorizations(), "the new key is kept for later requests");
    }

    @Test
    void aStreamRefusedWithTheOldKeyIsRetriedWithTheNewOneBeforeItsFirstChunk() {
        start(tokenAuth(), Duration.ofHours(1));
        vault.write("secret", "llm/openai", Map.of("api_key", KEY_2));
        simulator.requireKey(KEY_2);

        HttpResponse<String> answer = Http.post(gateway, "/v1/chat/completions",
                Http.chat("openai/gpt-4o-mini", "hello", true));

        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("data: [DONE]"), answer.body());
        assertEquals(List.of("Bearer " + KEY_1, "Bearer " + KEY_2), authorizations());
    }

    @Test
    void aTeamsKeyFromVaultIsReadAtStartAndReadAgainWhenTheProviderRefusesIt() {
        vault.write("secret", "teams/research", Map.of("openai", TEAM_KEY_1));
        simulator.requireKey(TEAM_KEY_1);
        start(tokenAuth(), Duration.ofHours(1), Map.of(), """
                keys:
                  - {name: alice, key: %s, team: research}
                policy:
                  teams:
                    research:
                      credentials: {openai: "vault:secret/teams/research#openai"}
                """.formatted(TEAM_CALLER));

        assertEquals(200, chatAs(TEAM_CALLER).statusCode(), "the first request: the key was read at start");
        vault.write("secret", "teams/research", Map.of("openai", TEAM_KEY_2));
        simulator.requireKey(TEAM_KEY_2);
        HttpResponse<String> rotated = chatAs(TEAM_CALLER);

        assertEquals(200, rotated.statusCode(), rotated.body());
        assertEquals(List.of("Bearer " + TEAM_KEY_1, "Bearer " + TEAM_KEY_1, "Bearer " + TEAM_KEY_2),
                authorizations());
    }

    @Test
    void theExampleInTheSecurityGuideReadsItsKeyAsWritten() throws Exception {
        String guide = Files.readString(Path.of("docs/security.md"));
        String section = guide.substring(guide.indexOf("## Credentials from HashiCorp Vault"));
        Matcher example = Pattern.compile("```yaml\\n(vault:.*?)```", Pattern.DOTALL).matcher(section);
        assertTrue(example.find(), "the section has a vault: example");
        Path config = Files.createTempDirectory("vault-guide").resolve("gateway.yaml");
        Files.writeString(config, example.group(1));

        // No request is sent: the example's provider is the real OpenAI, which this test never calls.
        gateway = TestGateway.start(simulator, Map.of("GATEWAY_CONFIG", config.toString(),
                "VAULT_ADDR", vault.address(), "VAULT_TOKEN", TOKEN));

        assertEquals("credential set", gateway.bean("credentialStore", CredentialStore.class)
                .status("openai", "vault:secret/llm/openai#api_key"));
        assertTrue(vault.received().contains("GET /v1/secret/data/llm/openai"), vault.received().toString());
    }

    @Test
    void aKeyVaultStillHoldsIsNotRetried() {
        start(tokenAuth(), Duration.ofHours(1));
        simulator.requireKey("sk-a-key-vault-does-not-have");
        int readsBefore = kvReads();

        HttpResponse<String> answer = chat("openai/gpt-4o-mini");

        assertEquals(502, answer.statusCode());
        assertTrue(answer.body().contains("provider_auth_failed"), answer.body());
        assertEquals(List.of("Bearer " + KEY_1), authorizations(), "one call: the re-read found the same key");
        assertEquals(readsBefore + 1, kvReads(), "Vault read again once, not in a loop");
    }

    @Test
    void anEnvironmentKeyIsNeitherReadAgainNorRetried() {
        start(tokenAuth(), Duration.ofHours(1));
        simulator.requireKey("sk-a-key-the-environment-does-not-have");
        int readsBefore = kvReads();

        HttpResponse<String> answer = chat("fromenv/gpt-4o-mini");

        assertEquals(502, answer.statusCode());
        assertEquals(List.of("Bearer " + ENV_KEY), authorizations());
        assertEquals(readsBefore, kvReads());
    }

    @Test
    void whileVaultIsDownTheKeyLastReadIsServed() throws Exception {
        start(tokenAuth(), Duration.ofMillis(100));
        assertEquals(200, chat("openai/gpt-4o-mini").statusCode());

        vault.stop();
        Thread.sleep(500); // scheduled reads fail meanwhile

        assertEquals(200, chat("openai/gpt-4o-mini").statusCode());
        assertEquals("Bearer " + KEY_1, authorizations().get(authorizations().size() - 1));
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("could not be reached")
                && l.contains("serving the last value read")), "a warning says so");
    }

    @Test
    void theGatewayStartsWithVaultUnreachableAndServesOnceVaultAnswers() throws Exception {
        vault.stop();
        start(tokenAuth(), Duration.ofMillis(200));

        HttpResponse<String> before = chat("openai/gpt-4o-mini");
        assertEquals(503, before.statusCode());
        assertTrue(before.body().contains("provider_not_configured"), before.body());
        assertEquals(200, chat("fromenv/gpt-4o-mini").statusCode(), "other providers serve meanwhile");

        vault.restart();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int status;
        do {
            Thread.sleep(100);
            status = chat("openai/gpt-4o-mini").statusCode();
        } while (status != 200 && System.nanoTime() < deadline);
        assertEquals(200, status);
    }

    @Test
    void aTokenVaultRefusesIsAClearMessageThatShowsNoToken() {
        vault.addToken("hvs.another-token", Duration.ZERO, false);
        start("""
                  auth:
                    method: token
                    token: env:WRONG_VAULT_TOKEN
                """, Duration.ofMinutes(5), Map.of("WRONG_VAULT_TOKEN", "hvs.not-a-token-vault-knows"));

        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("Vault refused the gateway's token (HTTP 403)")
                && l.contains("environment variable WRONG_VAULT_TOKEN")), String.join("\n", logs.lines()));
        assertTrue(logs.lines().stream().noneMatch(l -> l.contains("hvs.not-a-token-vault-knows")));
        HttpResponse<String> answer = chat("openai/gpt-4o-mini");
        assertEquals(503, answer.statusCode());
        assertTrue(answer.body().contains("provider_not_configured"), answer.body());
    }

    private void start(String auth, Duration refresh) {
        start(auth, refresh, Map.of());
    }

    private void start(String auth, Duration refresh, Map<String, String> env) {
        start(auth, refresh, env, "");
    }

    /** @param more more of gateway.yaml: keys, a policy */
    private void start(String auth, Duration refresh, Map<String, String> env, String more) {
        try {
            Path dir = Files.createTempDirectory("gateway-vault-test");
            Path config = dir.resolve("gateway.yaml");
            Files.writeString(config, """
                    vault:
                      address: %1$s
                      refreshInterval: %2$dms
                      timeout: 2s
                    %3$s
                    providers:
                      openai:
                        format: openai
                        baseUrl: %4$s/v1
                        credential: vault:secret/llm/openai#api_key
                      fromenv:
                        format: openai
                        baseUrl: %4$s/v1
                        credential: env:FROM_ENV_KEY
                    %5$s""".formatted(vault.address(), refresh.toMillis(), auth, simulator.baseUrl(), more));
            Map<String, String> variables = new java.util.HashMap<>(env);
            variables.put("GATEWAY_CONFIG", config.toString());
            variables.put("VAULT_TOKEN", TOKEN);
            variables.put("FROM_ENV_KEY", ENV_KEY);
            gateway = TestGateway.start(simulator, variables);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tokenAuth() {
        return """
                  auth:
                    method: token
                    token: env:VAULT_TOKEN
                """;
    }

    private Path secretIdFile() {
        try {
            Path file = Files.createTempFile("vault-secret-id", "");
            Files.writeString(file, SECRET_ID + "\n");
            return file;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> chat(String model) {
        return Http.post(gateway, "/v1/chat/completions", Http.chat(model, "hello", false));
    }

    private HttpResponse<String> chatAs(String callerKey) {
        return Http.post(gateway, "/v1/chat/completions", Http.chat("openai/gpt-4o-mini", "hello", false), callerKey);
    }

    private List<String> authorizations() {
        return simulator.received().stream().map(r -> r.header("Authorization")).toList();
    }

    private int kvReads() {
        return (int) vault.received().stream().filter(r -> r.equals("GET /v1/secret/data/llm/openai")).count();
    }
}
