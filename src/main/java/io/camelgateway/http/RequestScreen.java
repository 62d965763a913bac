package io.camelgateway.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.netty.channel.Channel;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

import io.camelgateway.api.GatewayException;
import io.camelgateway.security.AuthSchemes;
import io.camelgateway.security.CallerAuthenticator;
import io.camelgateway.security.CallerIdentity;

/**
 * What the ingress guard refuses before a request reaches a route, each in OpenAI's error shape: a request Netty
 * could not decode, a bad URL, a missing or wrong key, a body over the limit (all seen on the head, before any of
 * the body is read), and a client too slow or a gateway too busy.
 */
final class RequestScreen {
    private final AuthSchemes authentication;
    private final long maxBodyBytes;

    RequestScreen(AuthSchemes authentication, long maxBodyBytes) {
        this.authentication = authentication;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Why a well-formed request head is refused, or null when its request may go on; then the caller's
     * authentication, decided or under way, is handed to the route on the connection (see
     * {@link CallerAuthenticator#handOver}), so that a scheme that asks a server is asked once.
     */
    GatewayException check(HttpRequest head, ConnectionSlots.Slot slot, Channel channel) {
        CallerAuthenticator.handOver(channel, null);
        String rawPath;
        try {
            rawPath = new URI(head.uri()).getRawPath();
        } catch (URISyntaxException e) {
            return GatewayException.invalidRequest(null, "The request URL is not valid: " + ClientText.printable(e.getReason(), 200)
                    + " at index " + e.getIndex() + ".");
        }
        boolean healthCheck = !CallerAuthenticator.needsKey(head.method().name(), rawPath == null ? "" : rawPath);
        if (slot != ConnectionSlots.Slot.FULL && !healthCheck) {
            return overloaded();
        }
        if (healthCheck) {
            return HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0
                    ? GatewayException.invalidRequest(null, "A health check takes no request body.") : null;
        }
        CompletableFuture<CallerIdentity> caller = authentication.authenticate(new NettyRequestHead(head, rawPath));
        GatewayException refused = AuthSchemes.refusalNow(caller);
        if (refused != null) {
            return refused;
        }
        if (HttpUtil.getContentLength(head, -1L) > maxBodyBytes) {
            return tooLarge();
        }
        CallerAuthenticator.handOver(channel, caller);
        return null;
    }

    GatewayException tooLarge() {
        return new GatewayException(413, "invalid_request_error", "request_too_large",
                "The request body is larger than the gateway's limit of " + maxBodyBytes + " bytes.");
    }

    /** A request Netty's decoder refused: headers or request line too long, or not valid HTTP/1.1. */
    static GatewayException malformed(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return new GatewayException(431, "invalid_request_error", "headers_too_large",
                    "The request headers are too large: " + printable(cause));
        }
        if (cause instanceof TooLongHttpLineException) {
            return new GatewayException(414, "invalid_request_error", "url_too_long",
                    "The request line is too long: " + printable(cause));
        }
        return GatewayException.invalidRequest(null, "The request is not valid HTTP/1.1: "
                + printable(cause));
    }

    /** @param part "head" or "body" */
    static GatewayException tooSlow(String part, Duration limit) {
        return new GatewayException(408, "invalid_request_error", "request_timeout",
                "The request " + part + " did not arrive within " + limit.toMillis() + " ms.");
    }

    static GatewayException overloaded() {
        return new GatewayException(503, "server_error", "gateway_overloaded", null,
                "The gateway has as many connections open as it accepts; try again shortly.", "1", null);
    }

    static GatewayException reloading() {
        return new GatewayException(503, "server_error", "gateway_reloading", null,
                "The gateway's HTTP routes are being replaced after an edit; try again shortly.", "1", null);
    }

    /** A decoder's complaint, which may quote what the client sent. */
    private static String printable(Throwable cause) {
        return cause.getMessage() == null ? "malformed request" : ClientText.printable(cause.getMessage(), 200);
    }
}
