package io.camelgateway.http;

import org.apache.camel.Exchange;
import org.apache.camel.component.netty.http.NettyHttpHeaderFilterStrategy;

/**
 * Which message headers become response headers: only the gateway's own (x-gateway-*), Retry-After and
 * x-request-id. Everything a caller sent, their key included, stays out of the response.
 */
public class GatewayHeaderFilterStrategy extends NettyHttpHeaderFilterStrategy {

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !isResponseHeader(headerName);
    }

    /** True for the headers a caller may see. */
    public static boolean isResponseHeader(String headerName) {
        return headerName.regionMatches(true, 0, "x-gateway-", 0, 10) || headerName.equalsIgnoreCase("retry-after")
                || headerName.equalsIgnoreCase("x-request-id");
    }
}
