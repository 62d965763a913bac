package io.camelgateway.cache;

import java.time.Clock;

import org.apache.camel.CamelContext;

import io.camelgateway.Lazy;
import io.camelgateway.cache.semantic.SemanticCache;
import io.camelgateway.cache.semantic.SemanticIndex;
import io.camelgateway.config.ContextLifecycle;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.embedding.SentenceEmbedder;
import io.camelgateway.metrics.MeteringSetup;
import io.camelgateway.policy.ModelAccess;
import io.camelgateway.resilience.PoolDirectory;
import io.camelgateway.routing.ModelCatalog;

import static io.camelgateway.config.ContextProperties.millis;
import static io.camelgateway.config.ContextProperties.number;

/** The response caches' beans for the routes (docs/cache.md), from gateway.yaml's cache: block and properties. */
public final class CacheSetup {
    private CacheSetup() {
    }

    /**
     * The response cache's steps (routes/chat.camel.yaml), from gateway.yaml's cache: block (off without one);
     * answers shared through Redis when GATEWAY_REDIS_URL names one (docs/cache.md).
     */
    public static ExactCacheLookup bindExactCache(CamelContext context, GatewayConfig config, ModelCatalog catalog,
                                                  PoolDirectory pools, ModelAccess access, String redisUrl) {
        CacheSettings settings = CacheSettings.from(config.root().section("cache"));
        ExactCache cache = new ExactCache(settings, new CacheMeters(MeteringSetup.meters(context), "exact"),
                settings.enabled() ? redisUrl : null);
        ContextLifecycle.onStop(context, cache);
        context.getRegistry().bind("exactCache", cache);
        ExactCacheLookup lookup = new ExactCacheLookup(cache, catalog, pools::names, access);
        context.getRegistry().bind("exactCacheLookup", lookup);
        context.getRegistry().bind("exactCacheStore", new ExactCacheStore(cache));
        return lookup;
    }

    /**
     * The semantic cache's steps, for the routes that opt in (a pool's semanticCache): its index bounded by the
     * gateway.cache.semantic.* properties, its tenants scoped as the exact cache's (docs/cache.md#semantic-cache).
     */
    public static SemanticCache semanticCache(CamelContext context, Lazy<SentenceEmbedder> embedder,
                                              ExactCacheLookup exactCache) {
        SemanticIndex index = new SemanticIndex((int) number(context, "gateway.cache.semantic.max-entries"),
                (int) number(context, "gateway.cache.semantic.max-per-context"),
                (long) number(context, "gateway.cache.semantic.max-bytes"),
                millis(context, "gateway.cache.semantic.ttl-ms"), Clock.systemUTC());
        CacheMeters meters = new CacheMeters(MeteringSetup.meters(context), SemanticCache.SEMANTIC);
        meters.watch(index::bytes, index::size);
        return new SemanticCache(embedder, index, (int) number(context, "gateway.cache.semantic.max-prompt-chars"),
                (int) number(context, "gateway.cache.semantic.max-answer-bytes"), Clock.systemUTC(),
                exactCache::scope, meters);
    }
}
