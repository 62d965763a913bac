package io.camelgateway.cache;

import java.time.Duration;
import java.util.Locale;

import org.apache.camel.Message;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;

/**
 * What a request asks of the cache: {@code Cache-Control: no-cache} (do not answer from the cache, but keep the
 * new answer), {@code no-store} (do not keep it), and {@code x-gateway-cache-ttl: <seconds>} (keep it this long,
 * at most the settings' maxTtl).
 */
record CacheControl(boolean noCache, boolean noStore, Duration ttl) {

    static CacheControl of(Message request, CacheSettings settings) {
        boolean noCache = false;
        boolean noStore = false;
        String header = request.getHeader("Cache-Control", String.class);
        if (header != null) {
            for (String directive : header.toLowerCase(Locale.ROOT).split(",")) {
                switch (directive.trim()) {
                    case "no-cache" -> noCache = true;
                    case "no-store" -> noStore = true;
                    default -> { } // max-age and the others say nothing to this cache
                }
            }
        }
        return new CacheControl(noCache, noStore, ttl(request.getHeader(GatewayConstants.HEADER_CACHE_TTL,
                String.class), settings));
    }

    private static Duration ttl(String seconds, CacheSettings settings) {
        if (seconds == null) {
            return settings.ttl();
        }
        long value;
        try {
            value = Long.parseLong(seconds.trim());
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value < 1) {
            throw new GatewayException(400, "invalid_request_error", "invalid_cache_ttl", "The "
                    + GatewayConstants.HEADER_CACHE_TTL + " header must be a whole number of seconds, at least 1.");
        }
        Duration asked = Duration.ofSeconds(value);
        return asked.compareTo(settings.maxTtl()) > 0 ? settings.maxTtl() : asked;
    }
}
