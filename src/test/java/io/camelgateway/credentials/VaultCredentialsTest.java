package io.camelgateway.credentials;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.FakeVault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys read through Spring Vault from a fake that follows Vault's HTTP API (not a real Vault server). */
class VaultCredentialsTest {
    private static final VaultReference OPENAI = VaultReference.parse("vault:secret/llm/openai#api_key");

    private final FakeVault vault = FakeVault.start(0);
    private VaultCredentials credentials;

    @AfterEach
    void stop() throws Exception {
        if (credentials != null) {
            credentials.stop();
        }
        vault.close();
    }

    private VaultCredentials connect(String auth, Duration refresh) {
        String yaml = "address: " + vault.address() + "\nrefreshInterval: " + refresh.toMillis() + "ms\ntimeout: 2s\n"
                + auth;
        try {
            VaultSettings settings = VaultSettings.read(new io.camelgateway.config.ConfigSection(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(yaml), v -> v, "test: vault"));
            Map<String, String> env = Map.of("VAULT_TOKEN", "hvs.gateway-token", "ROLE_ID", "role-1",
                    "SECRET_ID", "secret-id-1");
            credentials = new VaultCredentials(settings, new CredentialStore(env::get)::secret);
            credentials.start();
            return credentials;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String TOKEN_AUTH = "auth: {method: token, token: env:VAULT_TOKEN}\n";
    private static final String APPROLE_AUTH =
            "auth: {method: approle, roleId: env:ROLE_ID, secretId: env:SECRET_ID}\n";

    @Test
    void tokenAuthReadsTheFieldOfTheLatestVersion() throws Exception {
        vault.addToken("hvs.gateway-token", Duration.ZERO, false);
        vault.write("secret", "llm/openai", Map.of("api_key", "sk-one", "other", "x"));
        vault.write("secret", "llm/openai", Map.of("api_key", "sk-two"));

        assertEquals("sk-two", connect(TOKEN_AUTH, Duration.ofMinutes(5)).read(OPENAI).get(5, TimeUnit.SECONDS));
        assertTrue(vault.received().contains("GET /v1/secret/data/llm/openai"), vault.received().toString());
    }

    @Test
    void appRoleLogsInThenReadsAndLogsInAgainWhenItsTokenExpired() throws Exception {
        vault.addAppRole("role-1", "secret-id-1", Duration.ofSeconds(1));
        vault.write("secret", "llm/openai", Map.of("api_key", "sk-approle"));
        VaultCredentials keys = connect(APPROLE_AUTH, Duration.ofMinutes(5));

        assertEquals("sk-approle", keys.read(OPENAI).get(5, TimeUnit.SECONDS));
        assertEquals(1, vault.logins());

        Thread.sleep(2_100); // the login token's TTL runs out; a write shows the next read really reads
        vault.write("secret", "llm/openai", Map.of("api_key", "sk-approle-2"));
        assertEquals("sk-approle-2", keys.read(OPENAI).get(5, TimeUnit.SECONDS));
        assertTrue(vault.logins() >= 2, "logged in again: " + vault.received());
    }

    @Test
    void aNewVersionIsPickedUpOnTheScheduleWithoutBeingAsked() throws Exception {
        vault.addToken("hvs.gateway-token", Duration.ZERO, false);
        vault.write("secret", "llm/openai", Map.of("api_key", "sk-old"));
        VaultCredentials keys = connect(TOKEN_AUTH, Duration.ofMillis(200));
        assertEquals("sk-old", keys.read(OPENAI).get(5, TimeUnit.SECONDS));

        vault.write("secret", "llm/openai", Map.of("api_key", "sk-new"));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!"sk-new".equals(keys.current(OPENAI)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("sk-new", keys.current(OPENAI));
    }

    @Test
    void whileVaultIsDownTheLastValueReadIsKept() throws Exception {
        vault.addToken("hvs.gateway-token", Duration.ZERO, false);
        vault.write("secret", "llm/openai", Map.of("api_key", "sk-kept"));
        VaultCredentials keys = connect(TOKEN_AUTH, Duration.ofMillis(100));
        assertEquals("sk-kept", keys.read(OPENAI).get(5, TimeUnit.SECONDS));

        vault.stop();
        Thread.sleep(400); // several scheduled reads fail meanwhile

        assertEquals("sk-kept", keys.current(OPENAI));
        assertEquals("sk-kept", keys.read(OPENAI).get(5, TimeUnit.SECONDS));
    }

    @Test
    void aSecretWithALeaseIsReadAgainWhenTheLeaseEnds() throws Exception {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        credentials = new VaultCredentials(reference -> new VaultKeyReader.Read("sk-leased-" + reads.incrementAndGet(),
                reads.get(), Duration.ofMillis(100)), () -> { }, Duration.ofHours(1));
        credentials.start();
        assertEquals("sk-leased-1", credentials.read(OPENAI).get(5, TimeUnit.SECONDS));

        Thread.sleep(450);

        assertTrue(reads.get() >= 3, "read again at each lease's end, long before the hourly refresh: " + reads);
        assertEquals("sk-leased-" + reads.get(), credentials.current(OPENAI));
    }

    @Test
    void aTokenVaultRefusesGivesNoKey() throws Exception {
        vault.addToken("hvs.some-other-token", Duration.ZERO, false);
        vault.write("secret", "llm/openai", Map.of("api_key", "sk-unreachable"));

        assertNull(connect(TOKEN_AUTH, Duration.ofMinutes(5)).read(OPENAI).get(5, TimeUnit.SECONDS));
    }

    @Test
    void aMissingFieldGivesNoKey() throws Exception {
        vault.addToken("hvs.gateway-token", Duration.ZERO, false);
        vault.write("secret", "llm/openai", Map.of("key", "sk-under-another-name"));

        assertNull(connect(TOKEN_AUTH, Duration.ofMinutes(5)).read(OPENAI).get(5, TimeUnit.SECONDS));
    }
}
