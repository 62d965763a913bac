package io.camelgateway.security;

import java.util.Map;
import java.util.TreeMap;

/** A request head for tests and benchmarks: a POST to /v1/chat/completions with the given headers. */
public record TestRequestHead(String method, String path, Map<String, String> headers) implements RequestHead {

    public TestRequestHead {
        Map<String, String> insensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER); // as HTTP header names are
        insensitive.putAll(headers);
        headers = insensitive;
    }

    public static TestRequestHead withHeaders(Map<String, String> headers) {
        return new TestRequestHead("POST", "/v1/chat/completions", headers);
    }

    /** A request whose only header is "Authorization: Bearer" with this token. */
    public static TestRequestHead bearer(String token) {
        return withHeaders(Map.of("Authorization", "Bearer " + token));
    }

    @Override
    public String header(String name) {
        return headers.get(name);
    }
}
