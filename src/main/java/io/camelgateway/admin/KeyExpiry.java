package io.camelgateway.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.GatewayException;

/** When a key stops working, from a request's {@code expires_at} (Unix seconds) or {@code ttl} ("90d", or seconds). */
final class KeyExpiry {
    private static final Pattern TTL = Pattern.compile("(\\d{1,9})([smhd])");
    /** Further than this is a mistake, not an expiry; a key that should never expire has none. */
    private static final Duration LONGEST = Duration.ofDays(100 * 366);

    private KeyExpiry() {
    }

    /** @return the expiry, or null when neither is given */
    static Instant of(Long expiresAt, JsonNode ttl, Instant now) {
        if (expiresAt != null && ttl != null) {
            throw GatewayException.invalidRequest("ttl", "Give expires_at or ttl, not both.");
        }
        Instant expiry = expiresAt != null ? Instant.ofEpochSecond(expiresAt) : ttl != null ? wholeSecond(now.plus(ttl(ttl)))
                : null;
        if (expiry == null) {
            return null;
        }
        String field = expiresAt != null ? "expires_at" : "ttl";
        if (!expiry.isAfter(now)) {
            throw GatewayException.invalidRequest(field, "'" + field + "' must be in the future; to stop a key now, "
                    + "revoke it (DELETE /admin/v1/keys/{id}).");
        }
        if (expiry.isAfter(now.plus(LONGEST))) {
            throw GatewayException.invalidRequest(field, "'" + field + "' is more than 100 years away; leave it out "
                    + "for a key that does not expire.");
        }
        return expiry;
    }

    /** Rounded up, so that the expiry the API shows (in seconds) is the moment the key stops working. */
    private static Instant wholeSecond(Instant time) {
        Instant second = time.truncatedTo(ChronoUnit.SECONDS);
        return second.equals(time) ? time : second.plusSeconds(1);
    }

    private static Duration ttl(JsonNode ttl) {
        if (ttl.isIntegralNumber() && ttl.canConvertToLong()) {
            return Duration.ofSeconds(ttl.asLong());
        }
        Matcher m = ttl.isTextual() ? TTL.matcher(ttl.asText().trim()) : null;
        if (m == null || !m.matches()) {
            throw GatewayException.invalidRequest("ttl", "Invalid value for 'ttl': expected seconds, or a duration "
                    + "such as \"90d\", \"12h\", \"30m\" or \"45s\".");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
