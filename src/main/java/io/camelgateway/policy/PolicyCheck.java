package io.camelgateway.policy;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.fanout.FanOutCollector;
import io.camelgateway.security.CallerIdentity;

/**
 * Route steps that hold the policy where a route chooses: at ingress ({@link #chat}, {@link #embeddings},
 * {@link #models}, {@link #routing}: the endpoint, the model asked for, the output cap), after semantic routing
 * ({@link #routedModel}), and before a fan-out ({@link #fanOutMembers}). Ingress places the caller in their team
 * (the CamelGatewayCaller property then names it). Without a policy each step lets everything through.
 */
public class PolicyCheck {
    private final ModelAccess access;

    public PolicyCheck(ModelAccess access) {
        this.access = access;
    }

    public void chat(Exchange exchange) {
        TeamPolicy team = admit(exchange, "chat");
        if (team != null) {
            ChatRequest request = exchange.getMessage().getBody(ChatRequest.class);
            requireModel(team, request.model);
            capOutput(team, request);
        }
    }

    public void embeddings(Exchange exchange) {
        TeamPolicy team = admit(exchange, "embeddings");
        if (team != null) {
            requireModel(team, exchange.getMessage().getBody(EmbeddingRequest.class).model);
        }
    }

    /** GET /v1/models; the list itself leaves out what the team may not use ({@code modelsEndpoint}). */
    public void models(Exchange exchange) {
        admit(exchange, "models");
    }

    /** POST /v1/routing/dry-run and /v1/routing/feedback: they call no provider, but run the router or write. */
    public void routing(Exchange exchange) {
        admit(exchange, "routing");
    }

    /**
     * After model "auto" chose an intent and its model: an intent the team may not route to, or whose model it
     * may not use, goes to the team's autoFallback, or is refused.
     */
    public void routedModel(Exchange exchange) {
        TeamPolicy team = access.teamOf(exchange);
        if (team == null) {
            return;
        }
        String intent = exchange.getProperty(GatewayConstants.INTENT, String.class);
        String routed = exchange.getProperty(GatewayConstants.ROUTED_MODEL, String.class);
        if (team.mayRouteTo(intent) && access.whyNot(team, routed).isEmpty()) {
            return;
        }
        String fallback = team.autoFallback();
        if (fallback == null || access.whyNot(team, fallback).isPresent()) {
            throw PolicyRefusals.intentNotAllowed(ModelAccess.askedModel(exchange), intent);
        }
        exchange.setProperty(GatewayConstants.ROUTED_MODEL, fallback);
    }

    /**
     * A fan-out's recipients: the members its route lists (exchange property CamelGatewayFanOutMembers, llm:
     * endpoints, comma-separated) that the caller's team may use. A 403 when none is.
     */
    public List<String> fanOutMembers(Exchange exchange) {
        String listed = exchange.getProperty(GatewayConstants.FAN_OUT_MEMBERS, String.class);
        if (listed == null) {
            throw new IllegalStateException("No fan-out members on the exchange: set the "
                    + GatewayConstants.FAN_OUT_MEMBERS + " property before the recipient list");
        }
        TeamPolicy team = access.teamOf(exchange);
        List<String> members = new ArrayList<>();
        for (String member : listed.split(",")) {
            String uri = member.trim();
            if (!uri.isEmpty() && (team == null
                    || access.whyNot(team, FanOutCollector.memberName(uri)).isEmpty())) {
                members.add(uri);
            }
        }
        if (members.isEmpty()) {
            throw PolicyRefusals.modelNotAllowed(ModelAccess.askedModel(exchange));
        }
        return members;
    }

    /** Places the caller in their team and checks the endpoint; null when no policy is in force. */
    private TeamPolicy admit(Exchange exchange, String endpoint) {
        if (!access.policy().enforced()) {
            return null;
        }
        CallerIdentity caller = exchange.getProperty(GatewayConstants.CALLER, CallerIdentity.class);
        if (caller == null) {
            throw PolicyRefusals.noTeam(); // ingress authenticates first; without a caller nobody is let through
        }
        TeamPolicy team = access.teamOf(caller);
        exchange.setProperty(GatewayConstants.CALLER, caller.inTeam(team.name()));
        if (!team.mayCall(endpoint)) {
            throw PolicyRefusals.endpointNotAllowed(endpoint);
        }
        return team;
    }

    private void requireModel(TeamPolicy team, String model) {
        if (access.whyNot(team, model).isPresent()) {
            throw PolicyRefusals.modelNotAllowed(model);
        }
    }

    /** Above the team's cap is refused; a request that names no limit gets the cap, so the cap always holds. */
    private static void capOutput(TeamPolicy team, ChatRequest request) {
        Integer cap = team.maxTokens();
        if (cap == null) {
            return;
        }
        if (request.maxCompletionTokens != null && request.maxCompletionTokens > cap) {
            throw PolicyRefusals.tooManyTokens("max_completion_tokens", request.maxCompletionTokens, cap);
        }
        if (request.maxTokens != null && request.maxTokens > cap) {
            throw PolicyRefusals.tooManyTokens("max_tokens", request.maxTokens, cap);
        }
        if (request.outputTokenLimit() == null) {
            request.maxTokens = cap;
        }
    }
}
