package io.camelgateway.cache;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.config.RedisConnector;

/**
 * Answers shared by every gateway on one Redis, each under its key with its lifetime (PX). Nothing here waits:
 * reads and writes are Lettuce's asynchronous commands, each timed out after the settings' redisTimeout. A Redis
 * that fails or is slow is a miss (or a write skipped), with a warning at most every 10 seconds; never an error.
 */
final class SharedAnswers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedAnswers.class);
    private static final String PREFIX = "camelgateway:cache:exact:";
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    private SharedAnswers(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection) {
        this.client = client;
        this.connection = connection;
    }

    /** Connects at start, so that a wrong URL stops the gateway at once; later outages are misses. */
    static SharedAnswers connect(String url, Duration timeout) {
        return RedisConnector.connect(url, timeout, "the cache", SharedAnswers::new);
    }

    /** The answer, or null when Redis has none, fails or is slow; completes on a Lettuce thread. */
    CompletableFuture<CachedAnswer> get(String key) {
        try {
            return connection.async().get(key(key)).toCompletableFuture()
                    .handle((bytes, failure) -> {
                        if (failure != null) {
                            warn("read", failure);
                            return null;
                        }
                        return CachedAnswer.fromBytes(bytes);
                    });
        } catch (RuntimeException e) {
            warn("read", e);
            return CompletableFuture.completedFuture(null);
        }
    }

    void put(String key, CachedAnswer answer) {
        long ttl = answer.expiresAtMillis() - System.currentTimeMillis();
        if (ttl <= 0) {
            return;
        }
        try {
            connection.async().set(key(key), answer.bytes(), SetArgs.Builder.px(ttl)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    warn("write", failure);
                }
            });
        } catch (RuntimeException e) {
            warn("write", e);
        }
    }

    private static byte[] key(String key) {
        return (PREFIX + key).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void warn(String what, Throwable failure) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("Cache: a Redis {} failed ({}); serving from this instance's cache meanwhile", what,
                    failure.getMessage());
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
