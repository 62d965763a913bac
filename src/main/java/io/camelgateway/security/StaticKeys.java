package io.camelgateway.security;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.camelgateway.Sha256;
import io.camelgateway.config.GatewayConfig.CallerKey;

/**
 * The keys in gateway.yaml's {@code keys:} and GATEWAY_API_KEYS. Only their SHA-256 digests are kept; a presented
 * key is found by its digest, so the time a lookup takes says nothing about how close a guess was.
 */
public final class StaticKeys implements AuthScheme {
    public static final String NAME = "key";

    private final Map<ByteBuffer, CompletableFuture<Verdict>> callers = new HashMap<>();

    public StaticKeys(List<CallerKey> keys) {
        for (CallerKey key : keys) {
            CallerIdentity caller = new CallerIdentity(key.name(), NAME, key.team(), key.roles(), Map.of());
            callers.putIfAbsent(digest(key.key()), CompletableFuture.completedFuture(Verdict.accepted(caller)));
        }
    }

    public boolean isEmpty() {
        return callers.isEmpty();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Verdict> authenticate(RequestHead request) {
        String key = request.apiKey();
        CompletableFuture<Verdict> known = key == null ? null : callers.get(digest(key));
        return known != null ? known : AuthSchemes.NOT_MINE;
    }

    /** The SHA-256 digest of a key, as the key stores keep it. */
    public static ByteBuffer digest(String key) {
        return ByteBuffer.wrap(Sha256.of(key));
    }
}
