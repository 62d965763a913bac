package io.camelgateway.security;

import java.util.LinkedHashMap;
import java.util.Map;

/** A request head for tests: a POST to /v1/chat/completions with the given headers (names case-insensitive). */
public record TestRequestHead(String method, String path, Map<String, String> headers) implements RequestHead {

    public TestRequestHead {
        headers = Map.copyOf(headers);
    }

    public static TestRequestHead withHeaders(Map<String, String> headers) {
        return new TestRequestHead("POST", "/v1/chat/completions", headers);
    }

    public static TestRequestHead bearer(String token) {
        return withHeaders(Map.of("Authorization", "Bearer " + token));
    }

    @Override
    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    @Override
    public Map<String, String> headers() {
        return new LinkedHashMap<>(headers);
    }
}
