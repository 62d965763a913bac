package io.camelgateway.component;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import org.apache.camel.Exchange;

/**
 * Where a request's route goes on after waiting for work done elsewhere (a Redis read, an embedding batch, a slot
 * at the provider): on the event loop of the Netty connection it came in on, as it would have without the wait. At
 * once instead when the request came in another way, when the work ended on that loop already, or when the loop is
 * shutting down: the route always goes on.
 */
public final class CallerLoop implements Executor {
    private final EventLoop loop;

    private CallerLoop(EventLoop loop) {
        this.loop = loop;
    }

    /** The loop of the connection in the exchange's {@link LlmConstants#CALLER_CHANNEL}, if it has one. */
    public static CallerLoop of(Exchange exchange) {
        ChannelHandlerContext ctx = exchange.getMessage().getHeader(LlmConstants.CALLER_CHANNEL,
                ChannelHandlerContext.class);
        return new CallerLoop(ctx == null ? null : ctx.channel().eventLoop());
    }

    @Override
    public void execute(Runnable task) {
        if (loop == null || loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            task.run();
        }
    }
}
