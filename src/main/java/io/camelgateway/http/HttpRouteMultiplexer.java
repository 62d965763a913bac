package io.camelgateway.http;

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.apache.camel.component.netty.http.InboundStreamHttpRequest;
import org.apache.camel.component.netty.http.NettyHttpConsumer;
import org.apache.camel.component.netty.http.handlers.HttpServerChannelHandler;
import org.apache.camel.component.netty.http.handlers.HttpServerMultiplexChannelHandler;

/**
 * Camel's multiplexer for the routes on one netty-http port, choosing a request's route from an {@link HttpRouteTable}
 * rebuilt as routes are added and removed (a route file reloaded, a route stopped), instead of matching the path
 * against every route on each request; what the table leaves open (404 and 405, OPTIONS, templates) Camel's own
 * code decides and answers, as before.
 */
@Sharable
final class HttpRouteMultiplexer extends HttpServerMultiplexChannelHandler {
    /** The route the connection's current request went to by the table; none while Camel's own choice serves it. */
    private static final AttributeKey<HttpServerChannelHandler> CHOSEN =
            AttributeKey.valueOf(HttpRouteMultiplexer.class, "chosen");

    /** In the order added, as Camel keeps them: among equally long paths, Camel takes the first. */
    private final List<HttpServerChannelHandler> routes = new ArrayList<>();
    private volatile HttpRouteTable table = HttpRouteTable.EMPTY;

    HttpRouteMultiplexer(int port) {
        init(port);
    }

    @Override
    public synchronized void addConsumer(NettyHttpConsumer consumer) {
        super.addConsumer(consumer);
        routes.add(new HttpServerChannelHandler(consumer));
        table = HttpRouteTable.of(routes);
    }

    @Override
    public synchronized void removeConsumer(NettyHttpConsumer consumer) {
        super.removeConsumer(consumer);
        routes.removeIf(route -> route.getConsumer() == consumer);
        table = HttpRouteTable.of(routes);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws Exception {
        HttpRequest request = msg instanceof HttpRequest head ? head : ((InboundStreamHttpRequest) msg).getHttpRequest();
        HttpServerChannelHandler route = table.choose(request.method().name(), request.uri());
        ctx.channel().attr(CHOSEN).set(route);
        if (route == null) {
            super.channelRead0(ctx, msg);
            return;
        }
        // Both this handler and the route's release the message once read, as under Camel's own choice.
        ReferenceCountUtil.retain(msg);
        route.channelRead(ctx, msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        HttpServerChannelHandler route = ctx.channel().attr(CHOSEN).get();
        if (route != null) {
            route.exceptionCaught(ctx, cause);
        } else {
            super.exceptionCaught(ctx, cause);
        }
    }
}
