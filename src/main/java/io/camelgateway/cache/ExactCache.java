package io.camelgateway.cache;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The exact cache's answers: in this process (Caffeine, bounded in bytes), and shared through Redis when one is
 * configured. A find looks here first and then in Redis, keeping what Redis had here too; a keep writes both.
 * Answers over the settings' maxEntryBytes are not kept, and counted.
 */
public final class ExactCache implements AutoCloseable {
    private final CacheSettings settings;
    private final LocalAnswers local;
    private final SharedAnswers shared;
    private final CacheMeters meters;

    /** @param redisUrl redis://host:port to share answers through, or null */
    public ExactCache(CacheSettings settings, CacheMeters meters, String redisUrl) {
        this.settings = settings;
        this.meters = meters;
        this.local = new LocalAnswers(Math.max(1, settings.maxBytes()), meters);
        this.shared = redisUrl == null || !settings.enabled() || !settings.shared() ? null
                : SharedAnswers.connect(redisUrl, settings.redisTimeout());
    }

    public CacheSettings settings() {
        return settings;
    }

    public CacheMeters meters() {
        return meters;
    }

    public boolean sharedThroughRedis() {
        return shared != null;
    }

    /** The answer kept under this key, or null; completes at once unless Redis is asked. */
    public CompletableFuture<CachedAnswer> find(String key) {
        long now = System.currentTimeMillis();
        CachedAnswer here = local.get(key);
        if (here != null && !here.expired(now)) {
            return CompletableFuture.completedFuture(here);
        }
        if (shared == null) {
            return CompletableFuture.completedFuture(null);
        }
        return shared.get(key).thenApply(there -> {
            if (there == null || there.expired(System.currentTimeMillis())) {
                return null;
            }
            local.put(key, there);
            return there;
        });
    }

    /** Keeps a whole answer for ttl; false (and counted) when it is too large to keep. */
    public boolean keep(String key, byte[] json, double costUsd, Duration ttl) {
        if (json.length > settings.maxEntryBytes()) {
            meters.notStored("too_large");
            return false;
        }
        CachedAnswer answer = new CachedAnswer(json, costUsd, System.currentTimeMillis() + ttl.toMillis());
        local.put(key, answer);
        if (shared != null) {
            shared.put(key, answer);
        }
        return true;
    }

    /** Bytes the local cache holds now, by its weigher. */
    public long bytes() {
        return local.bytes();
    }

    @Override
    public void close() {
        if (shared != null) {
            shared.close();
        }
    }
}
