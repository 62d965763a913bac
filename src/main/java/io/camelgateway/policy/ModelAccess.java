package io.camelgateway.policy;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.credentials.Credential;
import io.camelgateway.credentials.CredentialChooser;
import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.provider.Target;
import io.camelgateway.routing.ModelCatalog;
import io.camelgateway.security.CallerIdentity;

/**
 * What the policy in force lets a caller's team use: which model names (a model, an alias, a pool, a fan-out, a
 * router name), and with which credential each provider is called. A model is the team's when any of its names is:
 * the name asked for, its "provider/model" name, or an alias of it. Without a policy, or for the gateway's own
 * calls (no caller), everything is allowed with the gateway's credentials.
 */
public class ModelAccess implements CredentialChooser {
    private final Supplier<Policy> policy;
    private final ModelCatalog catalog;
    private final Map<String, String> aliases;
    private final CredentialStore store;

    /** @param aliases gateway.yaml's model aliases, to "provider/model" */
    public ModelAccess(Supplier<Policy> policy, ModelCatalog catalog, Map<String, String> aliases,
                       CredentialStore store) {
        this.policy = policy;
        this.catalog = catalog;
        this.aliases = aliases;
        this.store = store;
    }

    public Policy policy() {
        return policy.get();
    }

    /** The caller's team; null when no policy is in force or the gateway itself calls. A 403 when they have none. */
    public TeamPolicy teamOf(CallerIdentity caller) {
        Policy current = policy.get();
        return current.enforced() && caller != null ? current.teamOf(caller) : null;
    }

    public TeamPolicy teamOf(Exchange exchange) {
        return teamOf(exchange.getProperty(GatewayConstants.CALLER, CallerIdentity.class));
    }

    /** Why the team may not ask for this name, or empty when it may. */
    public Optional<String> whyNot(TeamPolicy team, String name) {
        Optional<Target> target = catalog.find(name);
        if (target.isPresent()) {
            return whyNot(team, target.get());
        }
        return team.models().matches(name) ? Optional.empty() : Optional.of(notListed(team, name));
    }

    /** Why the team may not use this provider's model, or empty when it may. */
    public Optional<String> whyNot(TeamPolicy team, Target target) {
        String qualified = target.providerName() + "/" + target.upstreamModel();
        if (!team.models().matches(target.requestedModel()) && !team.models().matches(qualified)
                && aliases.entrySet().stream().noneMatch(alias -> alias.getValue().equals(qualified)
                        && team.models().matches(alias.getKey()))) {
            return Optional.of(notListed(team, target.requestedModel()));
        }
        if (credentialReference(team, target.provider()) == null) {
            return Optional.of("the team '" + team.name() + "' has no credential for the provider '"
                    + target.providerName() + "', and may not use the gateway's own (defaultCredentials: false)");
        }
        return Optional.empty();
    }

    /**
     * The credential reference the team's calls to this provider carry: its own, or the gateway's where the team
     * may fall back to it (or the provider takes none); null when the team may not call the provider.
     */
    public String credentialReference(TeamPolicy team, ProviderConfig provider) {
        String own = team.credentials().get(provider.name());
        if (own != null) {
            return own;
        }
        return team.defaultCredentials() || "none".equals(provider.credential()) ? provider.credential() : null;
    }

    /**
     * The credential a call to the target carries for this caller. A 403 naming the model asked for when the
     * caller's team may not use it; never the gateway's own key where the team may not fall back to it.
     *
     * @param asked the model name the caller asked for
     */
    public Credential credential(CallerIdentity caller, Target target, String asked) {
        TeamPolicy team = teamOf(caller);
        if (team == null) {
            return store.require(target.provider());
        }
        if (whyNot(team, target).isPresent()) {
            throw PolicyRefusals.modelNotAllowed(asked != null ? asked : target.requestedModel());
        }
        return store.require(target.provider().withCredential(credentialReference(team, target.provider())));
    }

    /** The credential enricher's and the llm: component's choice, for the caller on the exchange. */
    @Override
    public Credential choose(Exchange exchange, Target target) {
        return credential(exchange.getProperty(GatewayConstants.CALLER, CallerIdentity.class), target,
                askedModel(exchange));
    }

    /** The model name the caller asked for, as the request body says. */
    public static String askedModel(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        return body instanceof ChatRequest chat ? chat.model
                : body instanceof EmbeddingRequest embedding ? embedding.model : null;
    }

    private static String notListed(TeamPolicy team, String name) {
        return "the models of the team '" + team.name() + "' do not include '" + name + "'";
    }
}
