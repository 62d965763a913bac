package io.camelgateway.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.Json;

/** Plain HTTP calls to the gateway, for what an SDK would not send (bad JSON, wrong types, huge bodies). */
final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static HttpResponse<String> post(TestGateway gateway, String path, String body) {
        return post(gateway, path, body, TestGateway.CALLER_KEY);
    }

    static HttpResponse<String> post(TestGateway gateway, String path, String body, String key) {
        return send(postRequest(gateway, path, body, key));
    }

    static HttpRequest postRequest(TestGateway gateway, String path, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return request.build();
    }

    static HttpResponse<String> get(TestGateway gateway, String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        return send(CLIENT, request);
    }

    /**
     * On a new connection: where a test shortens the gateway's idle timeout, a pooled connection may be closed by
     * the gateway just as the client reuses it (which no client can tell from a refusal).
     */
    static HttpResponse<String> sendOnANewConnection(HttpRequest request) {
        return send(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), request);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** This provider's circuit breaker (state, failure rate, calls counted) as the gateway's /health/ready shows it. */
    static JsonNode breaker(TestGateway gateway, String provider) {
        HttpResponse<String> ready = get(gateway, "/health/ready", null);
        try {
            return Json.tree(ready.body()).path("circuitBreakers").path(provider);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + ready.body(), e);
        }
    }

    /** The "error" object of an OpenAI error body. */
    static JsonNode error(HttpResponse<String> response) {
        try {
            JsonNode error = Json.tree(response.body()).get("error");
            if (error == null) {
                throw new AssertionError("no error object in " + response.body());
            }
            return error;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static String chat(String model, String text, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }
}
