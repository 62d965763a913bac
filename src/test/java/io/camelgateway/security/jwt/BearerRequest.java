package io.camelgateway.security.jwt;

import java.util.Map;

import io.camelgateway.security.RequestHead;

/** A chat request whose only header is "Authorization: Bearer" with this token. */
public record BearerRequest(String token) implements RequestHead {
    @Override
    public String method() {
        return "POST";
    }

    @Override
    public String path() {
        return "/v1/chat/completions";
    }

    @Override
    public String header(String name) {
        return "Authorization".equalsIgnoreCase(name) ? "Bearer " + token : null;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Authorization", "Bearer " + token);
    }
}
