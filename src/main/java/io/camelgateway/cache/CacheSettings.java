package io.camelgateway.cache;

import java.time.Duration;
import java.util.Locale;

import io.camelgateway.config.ConfigSection;

/**
 * The {@code cache:} block of gateway.yaml. Without the block the cache is off; with it, on unless
 * {@code enabled: false}.
 *
 * @param maxBytes      the most the local cache holds, answers and keys weighed in bytes; the least recently used go
 * @param ttl           how long an answer is kept when the request does not say
 * @param maxTtl        the most a request's x-gateway-cache-ttl may ask for
 * @param maxEntryBytes an answer larger than this is not kept (locally or in Redis), and is counted
 * @param shared        whether answers are also kept in Redis when GATEWAY_REDIS_URL names one
 * @param redisTimeout  the most a Redis read or write waits; a slower Redis counts as a miss
 */
public record CacheSettings(boolean enabled, long maxBytes, Duration ttl, Duration maxTtl, int maxEntryBytes,
                            boolean shared, Duration redisTimeout) {
    public static final CacheSettings OFF = new CacheSettings(false, 0, Duration.ZERO, Duration.ZERO, 0, false,
            Duration.ZERO);

    public static CacheSettings from(ConfigSection section) {
        if (!section.present()) {
            return OFF;
        }
        Duration ttl = positive(section, "ttl", Duration.ofMinutes(10));
        Duration maxTtl = positive(section, "maxTtl", Duration.ofHours(24));
        if (ttl.compareTo(maxTtl) > 0) {
            throw section.invalid("ttl", "must not be longer than maxTtl (" + maxTtl + ")");
        }
        long maxBytes = bytes(section, "maxBytes", 64L << 20);
        long maxEntry = bytes(section, "maxEntryBytes", 1L << 20);
        if (maxEntry > Integer.MAX_VALUE || maxEntry > maxBytes) {
            throw section.invalid("maxEntryBytes", "must not be more than maxBytes (" + maxBytes + ")");
        }
        return new CacheSettings(section.flag("enabled", true), maxBytes, ttl, maxTtl, (int) maxEntry,
                section.flag("shared", true), positive(section, "redisTimeout", Duration.ofMillis(50)));
    }

    private static Duration positive(ConfigSection section, String field, Duration fallback) {
        Duration value = section.duration(field, fallback);
        if (value.isZero() || value.isNegative()) {
            throw section.invalid(field, "must be more than 0");
        }
        return value;
    }

    /** 1048576, 512KiB, 64MiB, 1GiB (KB, MB and GB are read as KiB, MiB and GiB). */
    static long bytes(ConfigSection section, String field, long fallback) {
        String value = section.text(field, null);
        if (value == null) {
            return fallback;
        }
        String v = value.trim().toUpperCase(Locale.ROOT).replace("IB", "B");
        long unit = v.endsWith("KB") ? 1L << 10 : v.endsWith("MB") ? 1L << 20 : v.endsWith("GB") ? 1L << 30 : 1;
        String digits = unit == 1 ? v : v.substring(0, v.length() - 2).trim();
        try {
            long n = Long.parseLong(digits);
            if (n < 1) {
                throw section.invalid(field, "must be more than 0");
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw section.invalid(field, "'" + value + "' is not a size (use bytes, or 512KiB, 64MiB, 1GiB)");
        }
    }
}
