package io.camelgateway.http;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import com.sun.management.UnixOperatingSystemMXBean;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.camelgateway.config.ContextProperties.millis;
import static io.camelgateway.config.ContextProperties.number;

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
    private static final Logger LOG = LoggerFactory.getLogger(IngressLimits.class);

    /** The limits the context's properties set. */
    public static IngressLimits from(CamelContext context) {
        return new IngressLimits((long) number(context, "gateway.max-body-bytes"),
                connectionLimit((int) number(context, "gateway.ingress.max-connections")),
                millis(context, "gateway.ingress.idle-timeout-ms"),
                millis(context, "gateway.ingress.head-timeout-ms"),
                millis(context, "gateway.ingress.body-timeout-ms"));
    }

    /**
     * Each client connection is a file descriptor and may need a provider connection too: with more than half the
     * process's file limit in client connections, accepting fails before the gateway can answer a 503, and health
     * checks go unanswered.
     */
    private static int connectionLimit(int configured) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os
                && configured > os.getMaxFileDescriptorCount() / 2) {
            int affordable = (int) Math.min(Integer.MAX_VALUE, os.getMaxFileDescriptorCount() / 2);
            LOG.warn("gateway.ingress.max-connections is {}, but the process may open only {} files: serving at most "
                    + "{} client connections. Raise the limit (ulimit -n) to serve more.", configured,
                    os.getMaxFileDescriptorCount(), affordable);
            return affordable;
        }
        return configured;
    }
}
