package io.camelgateway.credentials;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.camelgateway.config.ConfigSection;
import io.camelgateway.config.GatewayConfigLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a vault: reference and gateway.yaml's vault: block are written, and what a mistake in them says. */
class VaultReferenceTest {

    @Test
    void theFirstSegmentIsTheMountAndTheFieldFollowsTheHash() {
        VaultReference reference = VaultReference.parse("vault:secret/llm/openai#api_key");
        assertEquals(new VaultReference("secret", "llm/openai", "api_key"), reference);
        assertEquals("secret/data/llm/openai", reference.apiPath());
        assertEquals("vault:secret/llm/openai#api_key", reference.toString());
    }

    @Test
    void aReferenceWithoutMountPathOrFieldSaysHowToWriteIt() {
        for (String wrong : new String[] {"vault:secret#api_key", "vault:secret/llm/openai", "vault:/llm#k",
                "vault:secret/../sys/raw#k", "vault:secret/llm/#k"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> VaultReference.parse(wrong), wrong);
            assertTrue(e.getMessage().contains("vault:<mount>/<path>#<field>"), e.getMessage());
        }
    }

    @Test
    void theBlockReadsTokenAuthWithDefaults() throws Exception {
        VaultSettings settings = settings("""
                address: ${VAULT_ADDR}
                auth: {token: env:VAULT_TOKEN}
                """, Map.of("VAULT_ADDR", "http://127.0.0.1:8200/"));
        assertEquals("http://127.0.0.1:8200", settings.address().toString());
        assertEquals(VaultSettings.TOKEN, settings.method());
        assertEquals("env:VAULT_TOKEN", settings.token());
        assertEquals(Duration.ofMinutes(5), settings.refreshInterval());
        assertEquals(Duration.ofSeconds(5), settings.timeout());
    }

    @Test
    void theBlockReadsAppRole() throws Exception {
        VaultSettings settings = settings("""
                address: https://vault.internal:8200
                auth: {method: approle, roleId: env:ROLE, secretId: file:/run/secret-id, mount: gateway-approle}
                refreshInterval: 30s
                """, Map.of());
        assertEquals(VaultSettings.APPROLE, settings.method());
        assertEquals("gateway-approle", settings.appRoleMount());
        assertEquals(Duration.ofSeconds(30), settings.refreshInterval());
        assertFalse(settings.toString().contains("file:/run/secret-id"));
    }

    @Test
    void noBlockMeansNoVault() {
        assertNull(VaultSettings.read(ConfigSection.empty("gateway.yaml: vault")));
    }

    @Test
    void aMissingSettingIsNamed() {
        assertEquals("gateway.yaml: vault.auth: AppRole needs roleId and secretId, such as roleId: "
                        + "env:VAULT_ROLE_ID and secretId: file:/run/secrets/vault-secret-id",
                assertThrows(IllegalArgumentException.class, () -> settings("""
                        address: http://127.0.0.1:8200
                        auth: {method: approle, roleId: env:ROLE}
                        """, Map.of())).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings("auth: {token: env:T}", Map.of()))
                .getMessage().startsWith("gateway.yaml: vault.address:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings("""
                address: http://127.0.0.1:8200
                auth: {token: env:T}
                refreshInterval: 0s
                """, Map.of())).getMessage().startsWith("gateway.yaml: vault.refreshInterval:"));
    }

    private static VaultSettings settings(String yaml, Map<String, String> env) throws Exception {
        String file = "vault:\n" + yaml.indent(2);
        return VaultSettings.read(new GatewayConfigLoader(env::get)
                .parse(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), "gateway.yaml")
                .root().section("vault"));
    }
}
