package io.camelgateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.Future;

import io.camelgateway.api.GatewayException;
import io.camelgateway.config.ProviderConfig;

class HostConnectionPoolTest {
    private static final UpstreamSettings ONE_CONNECTION = new UpstreamSettings(1, Duration.ofMillis(200),
            Duration.ofSeconds(30), 1024, 1024, 1024);
    private static final Target TARGET = new Target(new ProviderConfig("openai", "openai", "http://127.0.0.1/v1",
            "env:KEY", null, java.util.Map.of(), java.util.Map.of(), java.util.List.of(), Duration.ofSeconds(5),
            Duration.ofSeconds(60), Duration.ofSeconds(60), 4096, java.util.Map.of()), "gpt-4o", "openai/gpt-4o");

    private static final ChannelInitializer<Channel> NOTHING = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
        }
    };

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aSocketTheSystemCannotOpenGivesItsPlaceBackAndIsTheGatewaysOwnFailure() throws Exception {
        Bootstrap noFilesLeft = new Bootstrap()
                .channelFactory(() -> {
                    throw new ChannelException("Failed to open a socket.", new IOException("Too many open files"));
                })
                .remoteAddress("127.0.0.1", 9)
                .handler(NOTHING);
        HostConnectionPool pool = new HostConnectionPool(noFilesLeft, "127.0.0.1:9", ONE_CONNECTION);
        EventLoop loop = group.next();

        for (int attempt = 0; attempt < 3; attempt++) {
            Future<Channel> acquired = pool.acquire(loop, Duration.ofSeconds(1), () -> { });
            assertTrue(acquired.await(2, TimeUnit.SECONDS), "the call was told at once");
            assertFalse(acquired.isSuccess());
            assertInstanceOf(ChannelException.class, acquired.cause(), "not a pool that believes itself full");
            assertEquals(0, pool.open(), "the failed socket's place is free again");
            GatewayException seen = UpstreamFailures.fromThrowable(TARGET,
                    new ConnectException(acquired.cause().getMessage()).initCause(acquired.cause()));
            assertEquals("gateway_overloaded", seen.code());
            assertFalse(seen.providerFault());
        }
    }

    @Test
    void aCallOverTheCapWaitsAndThenFailsWithTheGatewaysOwnError() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            Bootstrap bootstrap = new Bootstrap().channel(io.netty.channel.socket.nio.NioSocketChannel.class)
                    .remoteAddress("127.0.0.1", server.getLocalPort())
                    .handler(NOTHING);
            HostConnectionPool pool = new HostConnectionPool(bootstrap, "127.0.0.1", ONE_CONNECTION);
            EventLoop loop = group.next();
            Channel first = pool.acquire(loop, Duration.ofSeconds(1), () -> { }).get(2, TimeUnit.SECONDS);

            boolean[] queued = new boolean[1];
            Future<Channel> second = pool.acquire(loop, Duration.ofSeconds(1), () -> queued[0] = true);
            assertTrue(queued[0]);
            assertFalse(second.await(100));
            pool.release(first);
            assertEquals(first, second.get(1, TimeUnit.SECONDS), "the connection given back went to the waiting call");

            long start = System.nanoTime();
            Future<Channel> third = pool.acquire(loop, Duration.ofSeconds(1), () -> { }).await();
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertInstanceOf(HostConnectionPool.PoolExhaustedException.class, third.cause());
            assertTrue(waited >= 150, "failed after " + waited + " ms, not after the 200 ms wait");
            assertEquals(1, pool.open());

            first.close().await();
            Channel fresh = pool.acquire(loop, Duration.ofSeconds(1), () -> { }).get(2, TimeUnit.SECONDS);
            assertTrue(fresh.isActive(), "a closed connection's place went to a new one");
            fresh.close();
        }
    }
}
