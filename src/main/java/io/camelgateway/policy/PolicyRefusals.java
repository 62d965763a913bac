package io.camelgateway.policy;

import io.camelgateway.api.GatewayException;

/**
 * The answers the policy refuses with, in OpenAI's error shape. Each says what the caller may do about it and
 * names only what the caller sent or their own team: never another team or what it may use.
 */
public final class PolicyRefusals {
    public static final String MODEL_NOT_ALLOWED = "model_not_allowed";

    private PolicyRefusals() {
    }

    public static GatewayException modelNotAllowed(String model) {
        return new GatewayException(403, "invalid_request_error", MODEL_NOT_ALLOWED, "model", "You may not use the "
                + "model '" + model + "'. GET /v1/models lists the models you may use.", null, null);
    }

    /** Model "auto" chose an intent whose model the caller may not use, and their team has no fallback. */
    public static GatewayException intentNotAllowed(String model, String intent) {
        return new GatewayException(403, "invalid_request_error", MODEL_NOT_ALLOWED, "model", "You may not use the "
                + "model '" + model + "' for this request: it asks for '" + intent + "', which your team may not "
                + "route to. Name a model from GET /v1/models instead.", null, null);
    }

    public static GatewayException endpointNotAllowed(String endpoint) {
        return new GatewayException(403, "invalid_request_error", "endpoint_not_allowed", null, "You may not call "
                + "the " + endpoint + " endpoint of this gateway.", null, null);
    }

    public static GatewayException noTeam() {
        return new GatewayException(403, "invalid_request_error", "no_team", null, "The gateway's policy places you "
                + "in no team, so you may use no model. Ask the gateway's operator to add you to one.", null, null);
    }

    public static GatewayException undefinedTeam(String team) {
        return new GatewayException(403, "invalid_request_error", "no_team", null, "Your credential names the team '"
                + team + "', which the gateway's policy does not define. Ask the gateway's operator.", null, null);
    }

    public static GatewayException tooManyTokens(String field, int asked, int cap) {
        return new GatewayException(400, "invalid_request_error", "max_tokens_above_limit", field, "'" + field
                + "' is " + asked + ", above your team's limit of " + cap + ". Ask for " + cap + " or fewer.", null,
                null);
    }
}
