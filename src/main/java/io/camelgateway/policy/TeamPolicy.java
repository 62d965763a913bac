package io.camelgateway.policy;

import java.util.Map;
import java.util.Set;

/**
 * What one team may do: the model names it may ask for, the intents model "auto" may route it to, a cap on the
 * answer's length, the endpoints it may call, and the credential each provider gets for its calls.
 *
 * @param models             names and globs of models, aliases, pools and fan-outs
 * @param intents            the intents "auto" may route to; null for every intent
 * @param autoFallback       where "auto" goes when the intent's model is not the team's to use; null to refuse
 * @param maxTokens          the most output tokens a request may ask for; null for no cap
 * @param endpoints          chat, embeddings, models, routing (the routing dry run and feedback); null for every
 *                           endpoint
 * @param credentials        credential references (env:, file:, vault:) by provider name
 * @param defaultCredentials whether a provider without a team credential is called with the gateway's own
 * @param guardrails         each guardrail's mode for this team's requests, by the guard's name (pii: redact)
 */
public record TeamPolicy(String name, ModelPatterns models, Set<String> intents, String autoFallback,
                         Integer maxTokens, Set<String> endpoints, Map<String, String> credentials,
                         boolean defaultCredentials, Map<String, String> guardrails) {
    public static final Set<String> ENDPOINTS = Set.of("chat", "embeddings", "models", "routing");

    public TeamPolicy {
        intents = intents == null ? null : Set.copyOf(intents);
        endpoints = endpoints == null ? null : Set.copyOf(endpoints);
        credentials = Map.copyOf(credentials);
        guardrails = guardrails == null ? Map.of() : Map.copyOf(guardrails);
    }

    /** The team's mode for a guardrail, or null when the team leaves it to the route. */
    public String guardrail(String guard) {
        return guardrails.get(guard);
    }

    public boolean mayCall(String endpoint) {
        return endpoints == null || endpoints.contains(endpoint);
    }

    public boolean mayRouteTo(String intent) {
        return intents == null || intents.contains(intent);
    }
}
