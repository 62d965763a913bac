package io.camelgateway.http;

import org.apache.camel.Exchange;
import org.apache.camel.component.netty.http.NettyHttpHeaderFilterStrategy;

import io.camelgateway.GatewayConstants;

/**
 * Which headers cross the HTTP boundary. Out: only the gateway's own (x-gateway-*, and OpenAI's x-ratelimit-* for
 * the policy's rate limits), Retry-After and x-request-id,
 * so everything a caller sent, their key included, stays out of the response. In: none of those names, so a
 * caller cannot put words in the gateway's mouth (a Retry-After or x-gateway-provider of their own); except the few
 * the gateway reads from callers ({@link #isRequestHeader}), which in turn never go out.
 */
public class GatewayHeaderFilterStrategy extends NettyHttpHeaderFilterStrategy {

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !isResponseHeader(headerName);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return isResponseHeader(headerName) || super.applyFilterToExternalHeaders(headerName, headerValue, exchange);
    }

    /** True for the gateway's own headers a caller may send it (x-gateway-cache-ttl); they never go back out. */
    public static boolean isRequestHeader(String headerName) {
        return headerName.equalsIgnoreCase(GatewayConstants.HEADER_CACHE_TTL);
    }

    /** True for the headers a caller may see, which only the gateway sets. */
    public static boolean isResponseHeader(String headerName) {
        return !isRequestHeader(headerName) && headerName.regionMatches(true, 0, "x-gateway-", 0, 10)
                || headerName.regionMatches(true, 0, "x-ratelimit-", 0, 12) || headerName.equalsIgnoreCase("retry-after")
                || headerName.equalsIgnoreCase("x-request-id");
    }
}
