package io.camelgateway.credentials;

import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.config.Durations;

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
     * The settings of a {@code vault:} block, or null when there is none.
     *
     * @param resolve replaces ${NAME} variables in a value
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    public static VaultSettings read(JsonNode block, UnaryOperator<String> resolve, String source) {
        if (block == null || block.isMissingNode() || block.isNull()) {
            return null;
        }
        String where = source + ": vault.";
        String address = text(block, "address", resolve);
        if (address == null || !(address.startsWith("http://") || address.startsWith("https://"))) {
            throw new IllegalArgumentException(where + "address: Vault's http(s) address is required, such as "
                    + "http://127.0.0.1:8200");
        }
        JsonNode auth = block.path("auth");
        String method = orElse(text(auth, "method", resolve), TOKEN);
        String token = text(auth, "token", resolve);
        String roleId = text(auth, "roleId", resolve);
        String secretId = text(auth, "secretId", resolve);
        if (method.equals(TOKEN) && token == null) {
            throw new IllegalArgumentException(where + "auth.token: name the Vault token, such as env:VAULT_TOKEN");
        }
        if (method.equals(APPROLE) && (roleId == null || secretId == null)) {
            throw new IllegalArgumentException(where + "auth: AppRole needs roleId and secretId, such as "
                    + "roleId: env:VAULT_ROLE_ID and secretId: file:/run/secrets/vault-secret-id");
        }
        if (!method.equals(TOKEN) && !method.equals(APPROLE)) {
            throw new IllegalArgumentException(where + "auth.method: '" + method + "' is not token or approle");
        }
        return new VaultSettings(URI.create(address.replaceAll("/+$", "")), method, token, roleId,
                secretId, orElse(text(auth, "mount", resolve), "approle"),
                duration(block, "refreshInterval", Duration.ofMinutes(5), where, resolve),
                duration(block, "timeout", Duration.ofSeconds(5), where, resolve));
    }

    private static Duration duration(JsonNode node, String field, Duration fallback, String where,
                                     UnaryOperator<String> resolve) {
        String value = text(node, field, resolve);
        try {
            Duration parsed = value == null ? fallback : Durations.parse(value);
            if (parsed.isZero() || parsed.isNegative()) {
                throw new IllegalArgumentException("'" + value + "' must be longer than zero");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + field + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, UnaryOperator<String> resolve) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String resolved = resolve.apply(value.asText());
        return resolved.isBlank() ? null : resolved.trim();
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }

    @Override
    public String toString() {
        return "VaultSettings[address=" + address + ", method=" + method + "]"; // the references may be literals
    }
}
