package io.camelgateway.security.jwt;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.JWKSet;

import io.camelgateway.security.BoundedBody;

/**
 * Fetches a JSON Web Key Set without blocking the caller: one GET with the JDK's HttpClient, redirects not followed,
 * the whole exchange bounded in time and the body in size. Only the public parts of the keys are kept.
 */
final class JwksFetch {
    static final int MAX_BYTES = 512 * 1024;

    private final HttpClient client;

    JwksFetch(HttpClient client) {
        this.client = client;
    }

    static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The key set at {@code uri}; fails with an exception whose message says why (never a key). */
    CompletableFuture<JWKSet> fetch(URI uri, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/jwk-set+json, application/json").GET().build();
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(request,
                answer -> answer.statusCode() == 200 ? new BoundedBody(MAX_BYTES)
                        : HttpResponse.BodySubscribers.replacing(null));
        CompletableFuture<JWKSet> keys = sent.thenApply(JwksFetch::keys);
        keys.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((set, failure) -> sent.cancel(true));
        return keys;
    }

    private static JWKSet keys(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new CompletionException(new IOException("HTTP " + response.statusCode()));
        }
        try {
            return JWKSet.parse(new String(response.body(), StandardCharsets.UTF_8)).toPublicJWKSet();
        } catch (ParseException e) {
            throw new CompletionException(new IOException("not a JSON Web Key Set: " + e.getMessage()));
        }
    }
}
