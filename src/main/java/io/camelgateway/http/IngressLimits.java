package io.camelgateway.http;

import java.time.Duration;

/**
 * What the gateway accepts from its clients before a flow runs (application.properties: gateway.max-body-bytes and
 * gateway.ingress.*).
 *
 * @param maxBodyBytes   the largest request body
 * @param maxConnections the most client connections open at once; a few more are kept for health checks
 * @param idleTimeout    how long a connection may wait, between requests, for the next one to start
 * @param headTimeout    how long a request's head (request line and headers) may take to arrive, once it started
 * @param bodyTimeout    how long a request's whole body may take to arrive, once its head has
 */
public record IngressLimits(long maxBodyBytes, int maxConnections, Duration idleTimeout, Duration headTimeout,
                            Duration bodyTimeout) {
}
