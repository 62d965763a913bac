package io.camelgateway.http;

import java.util.concurrent.RejectedExecutionException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.api.AnthropicError;
import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.resilience.PoolAttempts;

/**
 * onException step: turns any failure into OpenAI's error body (Anthropic's under /v1/messages) with the right status. A failure the gateway did
 * not foresee becomes a 500 whose body says nothing of its cause; the log has it (without the request body).
 */
public class OpenAiErrorResponder implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiErrorResponder.class);

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        GatewayException error = cause instanceof GatewayException g ? g
                : cause instanceof RejectedExecutionException ? busy(exchange) : unexpected(exchange, cause);
        if (error.status() >= 500 && cause instanceof GatewayException) {
            LOG.warn("{} {}: {}", error.status(), error.code(), error.getMessage());
        }
        exchange.getMessage().setBody(Json.write(body(exchange, error)));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        if (error.retryAfter() != null) {
            exchange.getMessage().setHeader("Retry-After", error.retryAfter());
        }
        int attempts = PoolAttempts.of(exchange);
        if (attempts > 0) {
            exchange.getMessage().setHeader(GatewayConstants.HEADER_ATTEMPTS, attempts);
        }
    }

    /** The error body in the caller's API's shape: Anthropic's under /v1/messages (an unknown URL there, say). */
    protected Object body(Exchange exchange, GatewayException error) {
        return AnthropicError.forPath(exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class), error);
    }

    /**
     * A threads: step's pool and queue are full (its rejectedPolicy is Abort, so that the step never runs on the
     * event loop that called it): the gateway's own capacity, worth a retry in a moment.
     */
    private static GatewayException busy(Exchange exchange) {
        LOG.warn("503 {}: a thread pool of route {} is full", GatewayException.OVERLOADED, exchange.getFromRouteId());
        return new GatewayException(503, "server_error", GatewayException.OVERLOADED, null,
                "The gateway is busy: too many requests are waiting for the same step. Retry in a moment.", "1", null);
    }

    private static GatewayException unexpected(Exchange exchange, Throwable cause) {
        LOG.error("Unexpected failure in route {}", exchange.getFromRouteId(), cause);
        return new GatewayException(500, "server_error", "internal_error",
                "The gateway failed to handle this request. The failure has been logged.");
    }
}
