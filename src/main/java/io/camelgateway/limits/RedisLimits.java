package io.camelgateway.limits;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.config.RedisConnector;

/**
 * Rate limits and budgets shared by every gateway on one Redis: Bucket4j's buckets kept in Redis (compare and
 * swap), and the concurrency counts and budget totals each changed by one Lua script, so that every take is
 * atomic across instances. Each command waits at most the timeout; a Redis that does not answer limits nothing
 * (fail open), with a warning at most every 10 seconds.
 */
public final class RedisLimits implements LimitStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLimits.class);
    private static final String PREFIX = "camelgateway:";
    /** A crashed instance's slots are forgotten when nobody took or freed one for this long. */
    private static final long SLOTS_TTL_MILLIS = Duration.ofHours(1).toMillis();

    private static final String TAKE_SLOT = """
            local n = redis.call('INCR', KEYS[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            if n > tonumber(ARGV[1]) then
              redis.call('DECR', KEYS[1])
              return 0
            end
            return 1""";
    private static final String RELEASE_SLOT = """
            local n = redis.call('DECR', KEYS[1])
            if n < 0 then
              redis.call('SET', KEYS[1], 0, 'PX', ARGV[1])
            end
            return n""";
    private static final String RESERVE = """
            redis.call('HSETNX', KEYS[1], 'settled', ARGV[4])
            local settled = tonumber(redis.call('HGET', KEYS[1], 'settled'))
            local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
            if ARGV[3] == '1' and settled + reserved + tonumber(ARGV[1]) > tonumber(ARGV[2]) then
              return 0
            end
            redis.call('HINCRBY', KEYS[1], 'reserved', ARGV[1])
            if tonumber(ARGV[5]) > 0 then
              redis.call('EXPIRE', KEYS[1], ARGV[5])
            end
            return 1""";
    private static final String SETTLE = """
            redis.call('HINCRBY', KEYS[1], 'reserved', 0 - tonumber(ARGV[1]))
            local after = redis.call('HINCRBY', KEYS[1], 'settled', ARGV[2])
            return after - tonumber(ARGV[2])""";

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final LettuceBasedProxyManager<byte[]> buckets;
    private final AtomicLong lastWarning = new AtomicLong();

    private RedisLimits(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection) {
        this.client = client;
        this.connection = connection;
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .build();
    }

    /**
     * Connects at start, so that a wrong URL stops the gateway at once; later outages are survived (fail open).
     *
     * @param url     redis://host:port (rediss:// for TLS, a password as redis://:password@host:port)
     * @param timeout the most any command waits (connecting: 5 s, in the background after a loss)
     */
    public static RedisLimits connect(String url, Duration timeout) {
        return RedisConnector.connect(url, timeout, "rate limits and budgets", RedisLimits::new);
    }

    @Override
    public Bucket perMinute(String id, int capacity) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, Duration.ofMinutes(1)))
                .build();
        return buckets.builder().build(key(id), () -> configuration);
    }

    @Override
    public ConcurrencySlots slots(String id, int max) {
        byte[] key = key(id);
        return new ConcurrencySlots() {
            @Override
            public boolean take() {
                return run(TAKE_SLOT, key, max, SLOTS_TTL_MILLIS) == 1;
            }

            @Override
            public void release() {
                run(RELEASE_SLOT, key, SLOTS_TTL_MILLIS);
            }
        };
    }

    @Override
    public BudgetCounter budget(String id, String period, long stored) {
        byte[] key = key(id);
        long ttlSeconds = switch (period.length()) {
            case 10 -> Duration.ofDays(3).toSeconds();   // a day: 2026-11-28
            case 7 -> Duration.ofDays(40).toSeconds();   // a month: 2026-11
            default -> 0;                                // total: kept
        };
        return new BudgetCounter() {
            @Override
            public boolean reserve(long most, long limit, boolean hard) {
                return run(RESERVE, key, most, limit, hard ? 1 : 0, stored, ttlSeconds) == 1;
            }

            @Override
            public long settle(long reservation, long cost) {
                return run(SETTLE, key, reservation, cost);
            }

            @Override
            public long settled() {
                return field(key, "settled");
            }

            @Override
            public long reserved() {
                return field(key, "reserved");
            }
        };
    }

    private long field(byte[] key, String field) {
        byte[] value = connection.sync().hget(key, field.getBytes(StandardCharsets.UTF_8));
        return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.UTF_8));
    }

    private long run(String script, byte[] key, long... args) {
        byte[][] values = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            values[i] = Long.toString(args[i]).getBytes(StandardCharsets.UTF_8);
        }
        Long result = connection.sync().eval(script.getBytes(StandardCharsets.UTF_8), ScriptOutputType.INTEGER,
                new byte[][] {key}, values);
        return result == null ? 0 : result;
    }

    private static byte[] key(String id) {
        return (PREFIX + id).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void unreachable(RuntimeException e) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if ((last == 0 || now - last > 10_000_000_000L) && lastWarning.compareAndSet(last, now)) {
            LOG.warn("Redis does not answer; rate limits and budgets are not enforced until it does (fail open): "
                    + "{}", e.toString());
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
