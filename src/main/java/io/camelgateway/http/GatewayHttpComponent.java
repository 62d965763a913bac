package io.camelgateway.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.netty.http.HttpServerConsumerChannelFactory;
import org.apache.camel.component.netty.http.NettyHttpComponent;

/**
 * Camel's netty-http component, whose ports choose a request's route with an {@link HttpRouteMultiplexer}: the same
 * route Camel's own multiplexer would choose, without matching the path against every route on the port per request.
 */
public class GatewayHttpComponent extends NettyHttpComponent {
    private final Map<Integer, HttpRouteMultiplexer> multiplexers = new ConcurrentHashMap<>();

    @Override
    public HttpServerConsumerChannelFactory getMultiplexChannelHandler(int port) {
        return multiplexers.computeIfAbsent(port, HttpRouteMultiplexer::new);
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        multiplexers.clear();
    }
}
