package io.camelgateway.security.jwt;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

import io.camelgateway.security.CallerIdentity;
import io.camelgateway.security.StaticKeys;

/**
 * Tokens accepted before, by their SHA-256 digest (never the token), with the caller each made: a caller who sends
 * the same token again is not checked again with public-key arithmetic (an ES256 signature costs about 1 ms of CPU
 * on Java 17). An entry holds only while its token is within {@code exp} (plus the clock skew) and its issuer's keys
 * are still the very set it was checked with, so a key the issuer withdraws ends it at the next key fetch. When the
 * table is full it is emptied: tokens are checked afresh, and memory stays bounded.
 */
final class VerifiedTokens {
    static final int MAX_ENTRIES = 4096;

    private record Entry(CallerIdentity caller, IssuerKeys issuer, SigningKeys keys, long validUntilMillis) {
    }

    private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();

    static ByteBuffer digest(String token) {
        return StaticKeys.digest(token);
    }

    /** The caller of a token accepted before and still good now, or null. */
    CallerIdentity find(ByteBuffer digest, long nowMillis) {
        Entry entry = entries.get(digest);
        if (entry == null) {
            return null;
        }
        if (nowMillis > entry.validUntilMillis() || entry.issuer().current() != entry.keys()) {
            entries.remove(digest, entry);
            return null;
        }
        return entry.caller();
    }

    void add(ByteBuffer digest, CallerIdentity caller, IssuerKeys issuer, SigningKeys keys, long validUntilMillis) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(digest, new Entry(caller, issuer, keys, validUntilMillis));
    }
}
