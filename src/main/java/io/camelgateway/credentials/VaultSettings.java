package io.camelgateway.credentials;

import java.net.URI;
import java.time.Duration;

import io.camelgateway.config.ConfigSection;

/**
 * How the gateway reaches Vault: gateway.yaml's {@code vault:} block. The token, role id and secret id are
 * credential references themselves (env:NAME, file:PATH), read again at each login.
 *
 * @param address         Vault's address, such as http://127.0.0.1:8200
 * @param method          "token" or "approle"
 * @param token           reference to the Vault token (method token)
 * @param roleId          reference to the AppRole role id (method approle)
 * @param secretId        reference to the AppRole secret id (method approle)
 * @param appRoleMount    where the AppRole auth method is enabled (auth/&lt;appRoleMount&gt;/login)
 * @param refreshInterval how often each key is read again; sooner when Vault gives the secret a shorter lease
 * @param timeout         the most one call to Vault may take, to connect and to answer
 */
public record VaultSettings(URI address, String method, String token, String roleId, String secretId,
                            String appRoleMount, Duration refreshInterval, Duration timeout) {
    public static final String TOKEN = "token";
    public static final String APPROLE = "approle";

    /**
     * The settings of gateway.yaml's {@code vault:} block, or null when there is none.
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    public static VaultSettings read(ConfigSection block) {
        if (!block.present()) {
            return null;
        }
        String address = text(block, "address");
        if (address == null || !(address.startsWith("http://") || address.startsWith("https://"))) {
            throw block.invalid("address", "Vault's http(s) address is required, such as http://127.0.0.1:8200");
        }
        ConfigSection auth = block.section("auth");
        String method = auth.text("method", TOKEN).trim();
        String token = text(auth, "token");
        String roleId = text(auth, "roleId");
        String secretId = text(auth, "secretId");
        if (!method.equals(TOKEN) && !method.equals(APPROLE)) {
            throw auth.invalid("method", "'" + method + "' is not token or approle");
        }
        if (method.equals(TOKEN) && token == null) {
            throw auth.invalid("token", "name the Vault token, such as env:VAULT_TOKEN");
        }
        if (method.equals(APPROLE) && (roleId == null || secretId == null)) {
            throw block.invalid("auth", "AppRole needs roleId and secretId, such as roleId: env:VAULT_ROLE_ID "
                    + "and secretId: file:/run/secrets/vault-secret-id");
        }
        return new VaultSettings(URI.create(address.replaceAll("/+$", "")), method, token, roleId, secretId,
                auth.text("mount", "approle").trim(), positive(block, "refreshInterval", Duration.ofMinutes(5)),
                positive(block, "timeout", Duration.ofSeconds(5)));
    }

    private static Duration positive(ConfigSection block, String field, Duration fallback) {
        Duration value = block.duration(field, fallback);
        if (value.isZero() || value.isNegative()) {
            throw block.invalid(field, "must be longer than zero");
        }
        return value;
    }

    /** A setting's text, trimmed; null when absent or blank. */
    private static String text(ConfigSection block, String field) {
        String value = block.text(field, null);
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "VaultSettings[address=" + address + ", method=" + method + "]"; // the references may be literals
    }
}
