package io.camelgateway.routing.semantic;

import java.util.Set;
import java.util.function.Supplier;

import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatRequest;

/**
 * The semantic router as route steps: {@link #applies} says whether the caller asked to be routed (model
 * "auto", or another configured router name), {@link #route} records the decision on the exchange and in the
 * x-gateway-intent and x-gateway-tier headers, {@link #explain} answers a dry run with the whole decision.
 */
public class IntentRouting {
    private final Set<String> routerModels;
    private final Supplier<SemanticRouter> router;

    public IntentRouting(Set<String> routerModels, Supplier<SemanticRouter> router) {
        this.routerModels = routerModels;
        this.router = router;
    }

    public boolean applies(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof ChatRequest request && routerModels.contains(request.model);
    }

    public void route(Exchange exchange) {
        record(exchange, router.get().decide(exchange.getMessage().getBody(ChatRequest.class), false));
    }

    /** Dry run: every tier runs and the decision becomes the answer; no provider is called. */
    public void explain(Exchange exchange) {
        RoutingDecision decision = router.get().decide(exchange.getMessage().getBody(ChatRequest.class), true);
        record(exchange, decision);
        exchange.getMessage().setBody(decision);
    }

    private static void record(Exchange exchange, RoutingDecision decision) {
        exchange.setProperty(GatewayConstants.INTENT, decision.intent());
        exchange.setProperty(GatewayConstants.ROUTING_DECISION, decision);
        exchange.getMessage().setHeader(GatewayConstants.HEADER_INTENT, decision.intent());
        exchange.getMessage().setHeader(GatewayConstants.HEADER_TIER, decision.tier());
    }
}
