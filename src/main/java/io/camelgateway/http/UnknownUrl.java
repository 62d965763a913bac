package io.camelgateway.http;

import java.util.Locale;
import java.util.TreeSet;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.netty.http.NettyHttpEndpoint;

import io.camelgateway.api.GatewayException;

/**
 * Route step of the catch-all route: a request no other route takes is a 404 in OpenAI's shape ("Invalid URL"),
 * or a 405 with an Allow header when another route serves that path with other methods.
 */
public class UnknownUrl implements Processor {
    /** The message header holding a 405's Allow value, which the HTTP binding writes as the Allow header. */
    public static final String ALLOW = "CamelGatewayAllow";

    @Override
    public void process(Exchange exchange) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class)
                .toUpperCase(Locale.ROOT);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_URI, "/", String.class);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : exchange.getContext().getRoutes()) {
            // A stopped route stays listed but serves nothing: its path is unknown until it starts again.
            if (route.getEndpoint() instanceof NettyHttpEndpoint http && !route.getId().equals(exchange.getFromRouteId())
                    && serves(http, path) && exchange.getContext().getRouteController().getRouteStatus(route.getId())
                    .isStarted()) {
                String restrict = http.getHttpMethodRestrict();
                allowed.add(restrict == null ? "GET" : restrict.toUpperCase(Locale.ROOT));
            }
        }
        if (!allowed.isEmpty()) {
            exchange.getMessage().setHeader(ALLOW, String.join(", ", allowed));
            throw new GatewayException(405, "invalid_request_error", "method_not_allowed",
                    method + " is not allowed on " + path + "; use " + String.join(" or ", allowed) + ".");
        }
        throw new GatewayException(404, "invalid_request_error", "unknown_url",
                "Invalid URL (" + method + " " + path + ").");
    }

    private static boolean serves(NettyHttpEndpoint endpoint, String path) {
        String served = endpoint.getConfiguration().getPath();
        served = served == null || served.isEmpty() ? "/" : served.startsWith("/") ? served : "/" + served;
        return path.equals(served) || endpoint.getConfiguration().isMatchOnUriPrefix()
                && path.startsWith(served.endsWith("/") ? served : served + "/");
    }
}
