package io.camelgateway.store;

import java.time.Instant;
import java.util.Set;

/**
 * A virtual key as the store keeps it: everything but the key itself, of which only the SHA-256 is kept.
 *
 * @param sha256    the key's SHA-256, in lower-case hex
 * @param expiresAt when it stops working, or null for never
 * @param revokedAt when it was revoked, or null
 * @param revision  the store revision of its last change
 */
public record VirtualKey(String id, String sha256, String name, String team, Set<String> roles, Instant createdAt,
                         Instant expiresAt, Instant revokedAt, long revision) {

    public VirtualKey {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public VirtualKey withName(String newName) {
        return new VirtualKey(id, sha256, newName, team, roles, createdAt, expiresAt, revokedAt, revision);
    }

    public VirtualKey withTeam(String newTeam) {
        return new VirtualKey(id, sha256, name, newTeam, roles, createdAt, expiresAt, revokedAt, revision);
    }

    public VirtualKey withExpiry(Instant newExpiry) {
        return new VirtualKey(id, sha256, name, team, roles, createdAt, newExpiry, revokedAt, revision);
    }

    public VirtualKey revokedAt(Instant when) {
        return revoked() ? this : new VirtualKey(id, sha256, name, team, roles, createdAt, expiresAt, when, revision);
    }
}
