package io.camelgateway.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.Json;

/** Calls to a gateway's admin API (/admin/v1/...), as an administrator's script would make them. */
final class AdminApi {
    private AdminApi() {
    }

    static HttpResponse<String> call(TestGateway gateway, String method, String path, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return Http.send(request.build());
    }

    /** Issues a key with the admin key; the answer's JSON, which holds the key. */
    static JsonNode create(TestGateway gateway, String body) {
        HttpResponse<String> created = call(gateway, "POST", "/admin/v1/keys", body, TestGateway.ADMIN_KEY);
        if (created.statusCode() != 201) {
            throw new AssertionError("creating a key answered " + created.statusCode() + ": " + created.body());
        }
        return json(created);
    }

    static HttpResponse<String> revoke(TestGateway gateway, String id) {
        return call(gateway, "DELETE", "/admin/v1/keys/" + id, null, TestGateway.ADMIN_KEY);
    }

    /** A call a key's holder makes: the model list, which needs any valid key and no provider. */
    static HttpResponse<String> useKey(TestGateway gateway, String key) {
        return Http.get(gateway, "/v1/models", key);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.tree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
