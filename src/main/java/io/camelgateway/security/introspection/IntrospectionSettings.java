package io.camelgateway.security.introspection;

import java.net.URI;
import java.time.Duration;

import io.camelgateway.config.ConfigSection;

/**
 * The {@code auth.introspection} block of gateway.yaml: where the authorization server's RFC 7662 endpoint is, how
 * the gateway authenticates to it, how long it waits, and how long it keeps an answer.
 *
 * @param clientSecret  a reference (env:NAME, file:PATH or a literal), read at each call so that it rotates
 * @param cacheMax      the longest an active token's answer is kept (never past the token's exp)
 * @param cacheInactive how long an inactive token's answer is kept, so that a flood of one bad token asks once
 * @param cacheSize     the most answers kept
 * @param maxInFlight   the most calls under way at once; more are answered 503 rather than queued
 */
public record IntrospectionSettings(URI endpoint, String clientId, String clientSecret, Duration timeout,
                                    Duration cacheMax, Duration cacheInactive, int cacheSize, int maxInFlight,
                                    ClaimMapping claims) {

    public static IntrospectionSettings from(ConfigSection section) {
        String endpoint = section.requiredText("endpoint");
        if (!endpoint.startsWith("https://") && !endpoint.startsWith("http://")) {
            throw section.invalid("endpoint", "an http(s) URL is required");
        }
        ConfigSection claims = section.section("claims");
        return new IntrospectionSettings(URI.create(endpoint), section.requiredText("clientId"),
                section.requiredText("clientSecret"),
                positive(section, "timeout", Duration.ofSeconds(2)),
                positive(section, "cacheMax", Duration.ofMinutes(5)),
                section.duration("cacheInactive", Duration.ofSeconds(10)),
                atLeastOne(section, "cacheSize", 10_000),
                atLeastOne(section, "maxInFlight", 64),
                new ClaimMapping(claims.text("name", "sub"), claims.text("team", null), claims.text("roles", "scope")));
    }

    private static Duration positive(ConfigSection section, String field, Duration fallback) {
        Duration value = section.duration(field, fallback);
        if (value.isZero() || value.isNegative()) {
            throw section.invalid(field, "must be more than 0");
        }
        return value;
    }

    private static int atLeastOne(ConfigSection section, String field, int fallback) {
        int value = section.integer(field, fallback);
        if (value < 1) {
            throw section.invalid(field, "must be at least 1");
        }
        return value;
    }
}
