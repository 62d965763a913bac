package io.camelgateway.provider.vertex;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;

import io.camelgateway.Sha256;
import io.camelgateway.api.GatewayException;
import io.camelgateway.credentials.Credential;
import io.camelgateway.provider.CallAuthorizer;
import io.camelgateway.provider.RefreshedAhead;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamFailures;

/**
 * Authorizes Vertex AI calls with OAuth access tokens that Google's auth library gets for a service-account key
 * (the credential's JSON): a JWT signed with the key, exchanged at the key's token_uri. Each key's token is kept
 * and fetched anew on worker threads ahead of its expiry ({@link RefreshedAhead}), so a call waits only for the
 * first token of a key, or after a token ran out unused; a token Vertex refuses is dropped, and the next call gets
 * another. Tokens and keys are never logged.
 */
public final class VertexAccessTokens implements CallAuthorizer {
    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    /** Google's tokens live an hour; a fresh one is fetched in their last five minutes. */
    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    /** Keys in use at once: the gateway's own per provider, and the teams' own. */
    private static final int MAX_KEYS = 64;

    private final Executor workers;
    private final Clock clock;
    private final Map<String, RefreshedAhead<String>> byKey = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RefreshedAhead<String>> eldest) {
            return size() > MAX_KEYS;
        }
    };
    /**
     * Each key's digest, by the key text's identity: the credential store hands the same text to every call, and a
     * key (its JSON, kilobytes) is then hashed once, not on every call. It holds no text the token refreshers do not
     * hold already. Guarded by byKey.
     */
    private final Map<String, String> digests = new IdentityHashMap<>();

    public VertexAccessTokens(Executor workers, Clock clock) {
        this.workers = workers;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Map<String, String>> authorize(URI uri, Map<String, String> headers, byte[] body,
                                                            Credential credential, Target target) {
        if (credential.isNone()) {
            return CompletableFuture.failedFuture(unusable(target, "no service-account key is configured", null));
        }
        return tokens(credential.secret()).get()
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(failure(target, e)))
                .thenApply(token -> {
                    headers.put("Authorization", "Bearer " + token);
                    return headers;
                });
    }

    /** Vertex refused the token (revoked, or the key was disabled): the next call fetches another. */
    @Override
    public void rejected(Credential credential) {
        if (!credential.isNone()) {
            RefreshedAhead<String> tokens;
            synchronized (byKey) {
                tokens = byKey.get(digest(credential.secret()));
            }
            if (tokens != null) {
                tokens.discard();
            }
        }
    }

    private RefreshedAhead<String> tokens(String key) {
        synchronized (byKey) {
            return byKey.computeIfAbsent(digest(key), d -> { // the map holds no key text
                GoogleCredentials[] parsed = new GoogleCredentials[1];
                return new RefreshedAhead<>(() -> {
                    if (parsed[0] == null) {
                        try {
                            parsed[0] = ServiceAccountCredentials.fromStream(
                                    new ByteArrayInputStream(key.getBytes(StandardCharsets.UTF_8)))
                                    .createScoped(List.of(SCOPE));
                        } catch (IOException | RuntimeException e) {
                            throw new IllegalArgumentException("not a service-account key", e);
                        }
                    }
                    AccessToken token = parsed[0].refreshAccessToken();
                    return new RefreshedAhead.Expiring<>(token.getTokenValue(),
                            token.getExpirationTime() == null ? null : token.getExpirationTime().toInstant());
                }, workers, clock, REFRESH_MARGIN);
            });
        }
    }

    private String digest(String key) {
        String digest = digests.get(key);
        if (digest == null) {
            if (digests.size() >= MAX_KEYS) {
                digests.clear(); // texts of keys read anew (a changed file, a Vault update) are not kept for ever
            }
            digest = Sha256.hex(key);
            digests.put(key, digest);
        }
        return digest;
    }

    /** Why no token came: the token endpoint refused the key (a credential problem), or could not be asked. */
    private static GatewayException failure(Target target, Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof HttpResponseException refused && refused.getStatusCode() / 100 == 4) {
                return unusable(target, "its token endpoint refused the service-account key (HTTP "
                        + refused.getStatusCode() + ")", e);
            }
            if (c instanceof IllegalArgumentException) {
                return unusable(target, "the credential is not a service-account key", e);
            }
        }
        return new GatewayException(502, "server_error", "upstream_unreachable", null, "Provider '"
                + target.providerName() + "' cannot be called: no access token could be had for it ("
                + e.getClass().getSimpleName() + ").", null, e);
    }

    private static GatewayException unusable(Target target, String why, Throwable cause) {
        return new GatewayException(502, "server_error", UpstreamFailures.CREDENTIAL_REJECTED, null,
                "Provider '" + target.providerName() + "' cannot be called: " + why + ".", null, cause);
    }
}
