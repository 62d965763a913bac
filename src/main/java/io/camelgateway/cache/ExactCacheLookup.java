package io.camelgateway.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.Json;
import io.camelgateway.component.CallerLoop;
import io.camelgateway.policy.ModelAccess;
import io.camelgateway.policy.TeamPolicy;
import io.camelgateway.routing.DryRunAnswer;
import io.camelgateway.routing.ModelCatalog;
import io.camelgateway.security.CallerIdentity;

/**
 * Route step {@code exactCacheLookup}, in the chat flow after routing has chosen the target and before the provider
 * call: answers a request from the exact cache when the same request (same scope, target and canonical body, see
 * {@link RequestFingerprint}) was answered whole before. On a hit the body becomes that answer (replayed as a
 * stream when the request streams), the property CamelGatewayAnswered is true (so the flow calls no provider), the
 * answer says {@code x-gateway-cache: hit} and costs 0, and the request's record saves what the answer cost. On a
 * miss ({@code x-gateway-cache: miss}) or a {@code Cache-Control: no-cache} ({@code bypass}) it leaves the key for
 * {@link ExactCacheStore}, later in the flow, unless the request said {@code no-store}. With the cache off it does
 * nothing. The scope is the caller's team (or the policy's cacheScope the team names), or their key without a team.
 * <p>
 * Nothing waits on the event loop: the local cache answers at once, and a Redis read completes the step later, on
 * the caller's event loop, or counts as a miss after the settings' redisTimeout.
 */
public class ExactCacheLookup extends AsyncProcessorSupport implements AsyncProcessor {
    /** Exchange property: the {@link Keep} the store step keeps the answer under. */
    static final String KEEP = "CamelGatewayExactCacheKeep";
    public static final String HIT = "hit";
    public static final String MISS = "miss";
    public static final String BYPASS = "bypass";

    private final ExactCache cache;
    private final ModelCatalog catalog;
    private final Supplier<Set<String>> pools;
    private final ModelAccess access;

    /** Where and how long the store step keeps the request's answer. */
    record Keep(String key, Duration ttl) {
    }

    /** @param pools the pools' names: a pool is a target of its own, whichever member serves */
    public ExactCacheLookup(ExactCache cache, ModelCatalog catalog, Supplier<Set<String>> pools, ModelAccess access) {
        this.cache = cache;
        this.catalog = catalog;
        this.pools = pools;
        this.access = access;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String key;
        CacheControl control;
        try {
            key = key(exchange);
            if (key == null) {
                callback.done(true);
                return true;
            }
            control = CacheControl.of(exchange.getMessage(), cache.settings());
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (!control.noStore()) {
            exchange.setProperty(KEEP, new Keep(key, control.ttl()));
        }
        if (control.noCache()) {
            CacheReply.status(exchange, BYPASS, 0);
            callback.done(true);
            return true;
        }
        CompletableFuture<CachedAnswer> found = cache.find(key);
        if (found.isDone()) {
            answer(exchange, found.join());
            callback.done(true);
            return true;
        }
        found.whenCompleteAsync((answer, failure) -> { // a failed read is a miss
            try {
                answer(exchange, answer);
            } catch (RuntimeException e) {
                exchange.setException(e);
            }
            callback.done(false);
        }, CallerLoop.of(exchange));
        return false;
    }

    /**
     * Dry run ({@code /v1/routing/dry-run}): what the cache would do with this request, as a {@code cache} field of
     * the answer: hit, miss or bypass, the scope, the target and how long a new answer would be kept. Asks Redis
     * too, waiting at most its timeout: run it off the event loop (the dry run's route does). Counts nothing.
     */
    public void explain(Exchange exchange) {
        Map<String, Object> said = new LinkedHashMap<>();
        ChatRequest request = exchange.getProperty(GatewayConstants.DRY_RUN_REQUEST, ChatRequest.class);
        if (!cache.settings().enabled()) {
            said.put("status", "off");
        } else if (request == null) {
            said.put("status", "none");
        } else {
            String scope = scope(exchange);
            String target = target(exchange, request);
            CacheControl control = CacheControl.of(exchange.getMessage(), cache.settings());
            said.put("scope", scope);
            said.put("target", target);
            if (scope == null || target == null) {
                said.put("status", MISS);
                said.put("why", target == null ? "routing has not chosen a provider model or a pool yet (model "
                        + request.model + "): the answer would be kept under the one it chooses" : "no caller");
            } else if (control.noCache()) {
                said.put("status", BYPASS);
            } else {
                said.put("status", find(RequestFingerprint.of(scope, target, request)) != null ? HIT : MISS);
            }
            said.put("store", !control.noStore());
            said.put("ttlSeconds", control.ttl().toSeconds());
            said.put("sharedThroughRedis", cache.sharedThroughRedis());
        }
        DryRunAnswer.add(exchange, "cache", said);
    }

    private CachedAnswer find(String key) {
        try {
            return cache.find(key).get(cache.settings().redisTimeout().toMillis() * 2 + 100, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /** The request's key, or null when the cache has nothing to say about it. */
    private String key(Exchange exchange) {
        if (!cache.settings().enabled()
                || !(exchange.getMessage().getBody() instanceof ChatRequest request)) {
            return null;
        }
        String scope = scope(exchange);
        String target = target(exchange, request);
        if (scope == null || target == null) {
            return null; // no caller, or a model nobody serves: the flow answers that
        }
        return RequestFingerprint.of(scope, target, request);
    }

    private void answer(Exchange exchange, CachedAnswer found) {
        if (found == null) {
            cache.meters().miss();
            CacheReply.status(exchange, MISS, 0);
            return;
        }
        ChatCompletion answer;
        try {
            answer = Json.read(found.json(), ChatCompletion.class);
        } catch (IOException e) {
            throw new UncheckedIOException("A cached answer is not a chat completion", e);
        }
        exchange.removeProperty(KEEP);
        CacheReply.hit(exchange, answer, HIT, found.costUsd(), cache.meters());
    }

    /**
     * Whose answers a request may get: the teams sharing the policy's cacheScope, else the caller's team, else the
     * caller's own key. Null without a caller.
     */
    public String scope(Exchange exchange) {
        CallerIdentity caller = exchange.getProperty(GatewayConstants.CALLER, CallerIdentity.class);
        if (caller == null) {
            return null;
        }
        TeamPolicy team = access.teamOf(caller);
        if (team != null && team.cacheScope() != null) {
            return "shared:" + team.cacheScope();
        }
        if (caller.team() != null) {
            return "team:" + caller.team();
        }
        return "key:" + caller.scheme() + ":" + caller.name();
    }

    /** Where routing sent the request: "pool:name" for a pool, else "provider/model"; null when nowhere known. */
    private String target(Exchange exchange, ChatRequest request) {
        String routed = exchange.getProperty(GatewayConstants.ROUTED_MODEL, request.model, String.class);
        if (pools.get().contains(routed)) {
            return "pool:" + routed;
        }
        return catalog.find(routed).map(t -> t.providerName() + "/" + t.upstreamModel()).orElse(null);
    }
}
