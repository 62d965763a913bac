package io.camelgateway.cache;

import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;

/**
 * Answers kept in this process: a Caffeine cache bounded by the bytes its answers weigh, each answer for its own
 * lifetime. Caffeine's upkeep runs on the writing thread, so the bound holds as soon as a put returns.
 */
final class LocalAnswers {
    private final Cache<String, CachedAnswer> answers;

    LocalAnswers(long maxBytes, CacheMeters meters) {
        this.answers = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, CachedAnswer answer) -> answer.weight())
                .expireAfter(new UntilItExpires())
                .executor(Runnable::run)
                .removalListener((String key, CachedAnswer answer, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        meters.evicted("size");
                    } else if (cause == RemovalCause.EXPIRED) {
                        meters.evicted("expired");
                    }
                })
                .build();
        meters.watch(this::bytes, answers::estimatedSize);
    }

    CachedAnswer get(String key) {
        return answers.getIfPresent(key);
    }

    void put(String key, CachedAnswer answer) {
        answers.put(key, answer);
    }

    long bytes() {
        return answers.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    private static final class UntilItExpires implements Expiry<String, CachedAnswer> {
        @Override
        public long expireAfterCreate(String key, CachedAnswer answer, long currentTime) {
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, answer.expiresAtMillis() - System.currentTimeMillis()));
        }

        @Override
        public long expireAfterUpdate(String key, CachedAnswer answer, long currentTime, long currentDuration) {
            return expireAfterCreate(key, answer, currentTime);
        }

        @Override
        public long expireAfterRead(String key, CachedAnswer answer, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
