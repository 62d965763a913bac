package io.camelgateway.routing.semantic;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;

/**
 * The semantic router as route steps: {@link #applies} says whether the caller asked to be routed (model
 * "auto", or another configured router name), {@link #decideLater} with {@link #record} (the route step
 * {@link IntentRoutingStep}) puts the decision on the exchange and in the
 * x-gateway-intent and x-gateway-tier headers, {@link #explain} answers a dry run with the whole decision, and
 * {@link #feedback} records a caller's label for a prompt.
 */
public class IntentRouting {
    /** The router's name in the models' warm-up: its intents' examples embedded, and its tier-3 model loaded. */
    public static final String WARM_UP_NAME = "semantic-router";
    private final Set<String> routerModels;
    private final Supplier<SemanticRouter> router;
    private final RoutingFeedback feedback;

    public IntentRouting(Set<String> routerModels, Supplier<SemanticRouter> router, RoutingFeedback feedback) {
        this.routerModels = routerModels;
        this.router = router;
        this.feedback = feedback;
    }

    /** Builds the router now rather than for the first request routed. */
    public void warmUp() {
        router.get();
    }

    public boolean applies(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof ChatRequest request && routerModels.contains(request.model);
    }

    /** The decision for the exchange's request, once tier 2's batch has run; {@link #record} it then. */
    public CompletableFuture<RoutingDecision> decideLater(Exchange exchange) {
        return router.get().decideLater(exchange.getMessage().getBody(ChatRequest.class));
    }

    /** Dry run: every tier runs and the decision becomes the answer; no provider is called. */
    public void explain(Exchange exchange) {
        ChatRequest request = exchange.getMessage().getBody(ChatRequest.class);
        RoutingDecision decision = router.get().decide(request, true);
        record(exchange, decision);
        exchange.setProperty(GatewayConstants.DRY_RUN_REQUEST, request); // for the steps that add to the answer
        exchange.getMessage().setBody(decision);
    }

    /**
     * Feedback: the body is a chat request plus {@code "intent"}, the intent it should go to. The prompt, that label
     * and where the router sends it now are appended to the feedback file; the answer says so.
     */
    public void feedback(Exchange exchange) {
        ChatRequest request = exchange.getMessage().getBody(ChatRequest.class);
        JsonNode label = request.extra().get("intent");
        if (label == null || !label.isTextual() || label.asText().isBlank()) {
            throw GatewayException.invalidRequest("intent", "Name the intent this request should go to, for "
                    + "example \"intent\": \"code\".");
        }
        SemanticRouter current = router.get();
        List<String> names = current.intents().stream().map(Intent::name).toList();
        if (!names.contains(label.asText())) {
            throw GatewayException.invalidRequest("intent", "'" + label.asText() + "' is not an intent of the "
                    + "intents file (" + String.join(", ", names) + ").");
        }
        RoutingDecision decision = current.decide(request, false);
        if (decision.routedText().isEmpty()) {
            throw GatewayException.invalidRequest("messages", "There is no user message with text to label.");
        }
        exchange.getMessage().setBody(feedback.record(label.asText(), decision));
    }

    static void record(Exchange exchange, RoutingDecision decision) {
        exchange.setProperty(GatewayConstants.INTENT, decision.intent());
        exchange.setProperty(GatewayConstants.ROUTING_DECISION, decision);
        exchange.getMessage().setHeader(GatewayConstants.HEADER_INTENT, decision.intent());
        exchange.getMessage().setHeader(GatewayConstants.HEADER_TIER, decision.tier());
    }
}
