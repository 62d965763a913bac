package io.camelgateway.routing.semantic;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

import io.camelgateway.component.CallerLoop;

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
        }, CallerLoop.of(exchange));
        return false;
    }

    private void settle(Exchange exchange, CompletableFuture<RoutingDecision> decision) {
        try {
            IntentRouting.record(exchange, decision.join());
        } catch (CompletionException e) {
            exchange.setException(e.getCause());
        }
    }
}
