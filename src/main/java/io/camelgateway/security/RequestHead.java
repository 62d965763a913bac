package io.camelgateway.security;

import java.util.Map;

/**
 * What authentication sees of a request: its method, path and headers, never its body, so the same decision can be
 * made on the request head at ingress (before the body is read) and in the route.
 */
public interface RequestHead {

    String method();

    /** The path, not decoded, without the query. */
    String path();

    /** A header's first value (names are case-insensitive), or null. */
    String header(String name);

    /** Every header, first value by name; for plug-ins that sign or read their own headers. */
    Map<String, String> headers();

    /** The token of an "Authorization: Bearer" header, or null. */
    default String bearerToken() {
        String authorization = header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /**
     * The API key as OpenAI's SDKs send it (Authorization: Bearer), or Anthropic's (x-api-key), or Azure's (api-key);
     * null when there is none.
     */
    default String apiKey() {
        if (header("Authorization") != null) {
            return bearerToken();
        }
        String key = header("x-api-key");
        if (key == null) {
            key = header("api-key");
        }
        return key == null || key.isBlank() ? null : key.trim();
    }
}
