package io.camelgateway.config;

import java.time.Duration;
import java.util.function.BiFunction;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * The connection to GATEWAY_REDIS_URL that a shared feature (limits, the response cache) opens at start: a wrong URL
 * stops the gateway at once with a message naming the host; later each command has {@code commandTimeout}, and a
 * command while Redis is down fails at once instead of waiting in a queue.
 */
public final class RedisConnector {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private RedisConnector() {
    }

    /** @param what who connects, for the error ("the cache") */
    public static <T> T connect(String url, Duration commandTimeout, String what,
                                BiFunction<RedisClient, StatefulRedisConnection<byte[], byte[]>, T> user) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(CONNECT_TIMEOUT); // the connection's handshake; each command has the shorter timeout
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            return user.apply(client, client.connect(ByteArrayCodec.INSTANCE));
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalStateException("GATEWAY_REDIS_URL: " + what + " cannot connect to Redis at "
                    + uri.getHost() + ":" + uri.getPort() + " (" + e.getMessage() + ")", e);
        }
    }
}
