package io.camelgateway.security;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.AsyncProcessorSupport;

import io.camelgateway.GatewayConstants;
import io.camelgateway.component.LlmConstants;

/**
 * Route step: authenticates the caller with the gateway's {@link AuthSchemes}, records who called (exchange
 * property CamelGatewayCaller), and removes the credential headers from the message so that nothing downstream can
 * forward or log them. A scheme that asks a server completes later without holding the thread. The ingress guard
 * makes the same decision on the request head ({@link #needsKey}, {@link AuthSchemes#refusalNow}, {@link #handOver}). Credentials are
 * read from headers only, never from the query string, which access logs keep.
 */
public class CallerAuthenticator extends AsyncProcessorSupport {
    private static final String[] CREDENTIAL_HEADERS = {"Authorization", "x-api-key", "api-key"};
    private static final Set<String> HEALTH_CHECKS = Set.of("/health/live", "/health/ready");
    private static final String METRICS = "/metrics";

    /**
     * The authentication the ingress guard started on the head of the connection's current request. Requests on a
     * connection reach the routes one at a time (the request sequencer), and the guard sets this on every head, so
     * it always belongs to the request the route is serving.
     */
    private static final AttributeKey<CompletableFuture<CallerIdentity>> DECIDED_ON_HEAD =
            AttributeKey.valueOf(CallerAuthenticator.class, "decidedOnHead");

    private final AuthSchemes schemes;

    public CallerAuthenticator(AuthSchemes schemes) {
        this.schemes = schemes;
    }

    public AuthSchemes schemes() {
        return schemes;
    }

    /**
     * Whether a request needs a credential: every one does but a GET or HEAD of a health check, which load
     * balancers and Kubernetes probes make without one, and a GET of /metrics, which Prometheus scrapes without
     * one (it shows counts, times and spend by team, provider and model: no key, user or prompt).
     *
     * @param rawPath the request's path, not decoded, without the query
     */
    public static boolean needsKey(String method, String rawPath) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return true;
        }
        String path = (rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1)
                : rawPath).toLowerCase(Locale.ROOT);
        return !HEALTH_CHECKS.contains(path) && !("GET".equals(method) && METRICS.equals(path));
    }

    /** The guard's side: the authentication of the head it just let through, or null for none. */
    public static void handOver(Channel channel, CompletableFuture<CallerIdentity> decision) {
        channel.attr(DECIDED_ON_HEAD).set(decision);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Message message = exchange.getMessage();
        ChannelHandlerContext ctx = message.getHeader(LlmConstants.CALLER_CHANNEL, ChannelHandlerContext.class);
        CompletableFuture<CallerIdentity> caller = ctx == null ? null : ctx.channel().attr(DECIDED_ON_HEAD).getAndSet(null);
        if (caller == null) {
            caller = schemes.authenticate(new MessageHead(message));
        }
        if (caller.isDone()) {
            settle(exchange, caller);
            callback.done(true);
            return true;
        }
        CompletableFuture<CallerIdentity> decided = caller;
        // Go on where the route would have without the wait: the caller's event loop, not a client's or timer's thread.
        caller.whenCompleteAsync((who, failure) -> {
            settle(exchange, decided);
            callback.done(false);
        }, ctx == null ? Runnable::run : ctx.channel().eventLoop());
        return false;
    }

    private static void settle(Exchange exchange, CompletableFuture<CallerIdentity> caller) {
        for (String header : CREDENTIAL_HEADERS) {
            exchange.getMessage().removeHeader(header);
        }
        try {
            exchange.setProperty(GatewayConstants.CALLER, caller.join());
        } catch (CompletionException refused) {
            exchange.setException(refused.getCause());
        }
    }
}
