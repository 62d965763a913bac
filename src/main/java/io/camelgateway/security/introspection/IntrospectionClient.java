package io.camelgateway.security.introspection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.Json;
import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.security.BoundedBody;

/**
 * Asks an RFC 7662 introspection endpoint about a token: a form POST with the gateway's client credentials in HTTP
 * Basic (RFC 7662 §2.1, RFC 6749 §2.3.1), sent without blocking the caller's thread and given up after the
 * configured timeout. The stage fails with an {@link IntrospectionFailure} when no usable answer came.
 */
final class IntrospectionClient {
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final IntrospectionSettings settings;
    private final CredentialStore credentials;
    private final HttpClient http;

    IntrospectionClient(IntrospectionSettings settings, CredentialStore credentials) {
        this.settings = settings;
        this.credentials = credentials;
        // Never follow a redirect: it would carry the token and the client secret to another place. Over plain
        // http, HTTP/1.1: the JDK would otherwise try an h2c upgrade with the POST, which some servers refuse.
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version("http".equalsIgnoreCase(settings.endpoint().getScheme()) ? HttpClient.Version.HTTP_1_1
                        : HttpClient.Version.HTTP_2)
                .build();
    }

    /** The endpoint's answer, a JSON object whose {@code active} is a boolean. */
    CompletableFuture<JsonNode> introspect(String token) {
        String secret = credentials.secret(settings.clientSecret());
        if (secret == null || secret.isBlank()) {
            return CompletableFuture.failedFuture(new IntrospectionFailure("no_client_secret",
                    "the client secret (auth.introspection.clientSecret) is not set"));
        }
        HttpRequest request = HttpRequest.newBuilder(settings.endpoint())
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", basic(settings.clientId(), secret))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "token=" + form(token) + "&token_type_hint=access_token"))
                .build();
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request, BoundedBody.handler(MAX_ANSWER_BYTES));
        CompletableFuture<JsonNode> answer = sent.thenApply(IntrospectionClient::read)
                .orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        return answer.handle((json, failure) -> {
            if (failure == null) {
                return json;
            }
            sent.cancel(true);
            throw failure(failure);
        });
    }

    private static JsonNode read(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new IntrospectionFailure("client_refused", "the endpoint answered HTTP " + status
                    + " to the gateway's client credentials: check auth.introspection.clientId and clientSecret");
        }
        if (status != 200) {
            throw new IntrospectionFailure("http_" + status, "the endpoint answered HTTP " + status);
        }
        JsonNode answer;
        try {
            answer = Json.tree(response.body());
        } catch (IOException e) {
            throw new IntrospectionFailure("bad_answer", "the answer is not JSON");
        }
        if (answer == null || !answer.isObject() || !answer.path("active").isBoolean()) {
            throw new IntrospectionFailure("bad_answer", "the answer is not a JSON object with a boolean 'active' "
                    + "(RFC 7662 section 2.2)");
        }
        return answer;
    }

    private static IntrospectionFailure failure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof IntrospectionFailure known) {
            return known;
        }
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return new IntrospectionFailure("timeout", "no answer within the timeout");
        }
        if (cause instanceof ConnectException) {
            return new IntrospectionFailure("unreachable", "the endpoint cannot be reached");
        }
        return new IntrospectionFailure("failed", cause.getClass().getSimpleName());
    }

    private static String basic(String clientId, String secret) {
        String pair = form(clientId) + ":" + form(secret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
