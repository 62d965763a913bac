package io.camelgateway.routing.semantic;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

import io.camelgateway.component.LlmConstants;

/**
 * Route step {@code routeByIntent}: decides a routed request's intent ({@link IntentRouting#decideLater}) without
 * holding a thread while tier 2's embedding batch waits and runs, so many requests can share one batch. The route
 * goes on where it would have without the wait: on the caller's event loop (the steps after routing do not block).
 */
public class IntentRoutingStep extends AsyncProcessorSupport {
    private final IntentRouting routing;

    public IntentRoutingStep(IntentRouting routing) {
        this.routing = routing;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<RoutingDecision> decision;
        try {
            decision = routing.decideLater(exchange);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (decision.isDone()) {
            settle(exchange, decision);
            callback.done(true);
            return true;
        }
        decision.whenCompleteAsync((decided, failure) -> {
            settle(exchange, decision);
            callback.done(false);
        }, callerLoop(exchange));
        return false;
    }

    private void settle(Exchange exchange, CompletableFuture<RoutingDecision> decision) {
        try {
            IntentRouting.record(exchange, decision.join());
        } catch (CompletionException e) {
            exchange.setException(e.getCause());
        }
    }

    /** The caller's event loop, or the completing thread when there is none (or it is shutting down). */
    private static Executor callerLoop(Exchange exchange) {
        ChannelHandlerContext ctx = exchange.getMessage().getHeader(LlmConstants.CALLER_CHANNEL,
                ChannelHandlerContext.class);
        if (ctx == null) {
            return Runnable::run;
        }
        EventLoop loop = ctx.channel().eventLoop();
        return task -> {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException shuttingDown) {
                task.run();
            }
        };
    }
}
