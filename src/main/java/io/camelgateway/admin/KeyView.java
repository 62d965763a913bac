package io.camelgateway.admin;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.camelgateway.store.VirtualKey;

/**
 * A virtual key as the admin API shows it. The key itself is there only in the answer that created it; its hash
 * never is.
 *
 * @param status active, expired or revoked
 */
@JsonPropertyOrder({"id", "object", "name", "team", "roles", "created_at", "expires_at", "revoked_at", "status", "key"})
public record KeyView(String id, String object, String name, String team, List<String> roles,
                      @JsonProperty("created_at") long createdAt,
                      @JsonProperty("expires_at") Long expiresAt,
                      @JsonProperty("revoked_at") Long revokedAt,
                      String status,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String key) {
    static final String OBJECT = "gateway.key";

    static KeyView of(VirtualKey key, Instant now) {
        return new KeyView(key.id(), OBJECT, key.name(), key.team(), key.roles().stream().sorted().toList(),
                key.createdAt().getEpochSecond(), seconds(key.expiresAt()), seconds(key.revokedAt()),
                key.revoked() ? "revoked" : key.expired(now) ? "expired" : "active", null);
    }

    /** The answer to the key's creation, the only one that shows the key. */
    KeyView withKey(String secret) {
        return new KeyView(id, object, name, team, roles, createdAt, expiresAt, revokedAt, status, secret);
    }

    private static Long seconds(Instant time) {
        return time == null ? null : time.getEpochSecond();
    }
}
