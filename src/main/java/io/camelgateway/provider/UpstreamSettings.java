package io.camelgateway.provider;

import java.time.Duration;

import io.camelgateway.api.ChatStream;

/**
 * The upstream side's limits (the gateway.upstream.* properties, docs/configuration.md).
 *
 * @param maxConnectionsPerHost connections to one provider host at most, shared by all event loops; as many calls
 *                              again may wait for one
 * @param connectionWait        how long a call waits for a connection when the host is at its cap; then 503
 *                              {@code gateway_overloaded}
 * @param idleTimeout           a pooled connection unused this long is closed (below providers' own keep-alive)
 * @param maxAnswerBytes        a plain answer larger than this is refused while it is read
 * @param maxEventBytes         a streamed event (or a line of one) larger than this ends the stream
 * @param streamBufferBytes     chunk text held for a slow caller before the gateway stops reading the provider
 */
public record UpstreamSettings(int maxConnectionsPerHost, Duration connectionWait, Duration idleTimeout,
                               int maxAnswerBytes, int maxEventBytes, int streamBufferBytes) {
    public static final UpstreamSettings DEFAULTS = new UpstreamSettings(1000, Duration.ofSeconds(5),
            Duration.ofSeconds(30), 32 * 1024 * 1024, 1024 * 1024, ChatStream.DEFAULT_HIGH_WATER_BYTES);

    public UpstreamSettings {
        positive("max-connections-per-host", maxConnectionsPerHost);
        positive("max-answer-bytes", maxAnswerBytes);
        positive("max-event-bytes", maxEventBytes);
        positive("stream-buffer-bytes", streamBufferBytes);
        if (connectionWait.isNegative() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("gateway.upstream.connection-wait-ms must be 0 or more, and "
                    + "gateway.upstream.idle-timeout-ms more than 0");
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("gateway.upstream." + name + " must be at least 1: " + value);
        }
    }
}
