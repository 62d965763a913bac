package io.camelgateway.component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.local.LocalChannel;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A route waiting for other work goes on on its caller's event loop, or at once when that cannot be. */
class CallerLoopTest {

    @Test
    void workFromAnotherThreadGoesOnOnTheCallersLoop() throws Exception {
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
        try {
            Exchange exchange = overConnectionOn(group.next());
            EventLoop loop = group.next();
            CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
            CallerLoop.of(exchange).execute(() -> onLoop.complete(loop.inEventLoop()));
            assertTrue(onLoop.get(5, TimeUnit.SECONDS));

            CompletableFuture<String> order = new CompletableFuture<>();
            loop.execute(() -> { // ended on the loop already: no second turn of the loop
                StringBuilder said = new StringBuilder();
                CallerLoop.of(exchange).execute(() -> said.append("resumed "));
                order.complete(said.append("then returned").toString());
            });
            assertEquals("resumed then returned", order.get(5, TimeUnit.SECONDS));
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void withoutALoopToGoBackToTheRouteGoesOnAtOnce() throws Exception {
        Thread here = Thread.currentThread();
        Thread[] ran = new Thread[1];
        CallerLoop.of(new DefaultExchange(new DefaultCamelContext())).execute(() -> ran[0] = Thread.currentThread());
        assertSame(here, ran[0], "no Netty caller");

        DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
        Exchange exchange = overConnectionOn(group.next());
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        ran[0] = null;
        CallerLoop.of(exchange).execute(() -> ran[0] = Thread.currentThread());
        assertSame(here, ran[0], "a loop shut down");
    }

    private static Exchange overConnectionOn(EventLoop loop) throws InterruptedException {
        Channel channel = new LocalChannel();
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter());
        loop.register(channel).sync();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(LlmConstants.CALLER_CHANNEL, channel.pipeline().firstContext());
        return exchange;
    }
}
