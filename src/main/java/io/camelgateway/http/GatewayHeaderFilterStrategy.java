package io.camelgateway.http;

import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.component.netty.http.NettyHttpHeaderFilterStrategy;

/**
 * Which message headers become response headers: only the gateway's own (x-gateway-*), Retry-After and
 * x-request-id. Everything a caller sent, their key included, stays out of the response.
 */
public class GatewayHeaderFilterStrategy extends NettyHttpHeaderFilterStrategy {

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        String name = headerName.toLowerCase(Locale.ROOT);
        return !(name.startsWith("x-gateway-") || name.equals("retry-after") || name.equals("x-request-id"));
    }
}
