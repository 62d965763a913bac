package io.camelgateway.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import io.camelgateway.api.GatewayException;
import io.camelgateway.http.JsonBodyReader;
import io.camelgateway.limits.Allowance;
import io.camelgateway.limits.AllowanceReport;
import io.camelgateway.limits.Scope;
import io.camelgateway.provider.Target;
import io.camelgateway.routing.ModelCatalog;
import io.camelgateway.security.CallerIdentity;

/**
 * The admin API's policy routes (after the adminOnly step: callers with the admin role only): {@link #teams} lists the teams and rules in
 * force, and {@link #check} answers "may this caller use this model, with which credential?" without calling
 * anything. Credentials appear as their references ("env:RESEARCH_ANTHROPIC_KEY"), never their values.
 */
public class PolicyAdmin {
    private final ModelAccess access;
    private final ModelCatalog catalog;
    private final Function<String, Optional<CallerIdentity>> keyHolders;
    private final AllowanceReport allowances;

    /**
     * @param keyHolders the caller a key makes, by the key's name (static keys) or id or name (virtual keys)
     * @param allowances how rate limits and budgets are shown, with the budgets' spend
     */
    public PolicyAdmin(ModelAccess access, ModelCatalog catalog,
                       Function<String, Optional<CallerIdentity>> keyHolders, AllowanceReport allowances) {
        this.access = access;
        this.catalog = catalog;
        this.keyHolders = keyHolders;
        this.allowances = allowances;
    }

    /** GET /admin/v1/teams. */
    public void teams(Exchange exchange) {
        Policy policy = access.policy();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("enforced", policy.enforced());
        answer.put("defaultTeam", policy.defaultTeam());
        List<Object> rules = new ArrayList<>();
        for (PlacementRule rule : policy.rules()) {
            Map<String, Object> when = new LinkedHashMap<>();
            if (!rule.callers().isEmpty()) {
                when.put("caller", rule.callers().stream().sorted().toList());
            }
            if (!rule.claims().isEmpty()) {
                when.put("claim", new TreeMap<>(rule.claims()));
            }
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("team", rule.team());
            described.put("when", when);
            rules.add(described);
        }
        answer.put("rules", rules);
        Map<String, Object> teams = new LinkedHashMap<>();
        if (policy.enforced()) {
            policy.teams().values().forEach(team -> {
                Map<String, Object> described = describe(team);
                Allowance allowance = policy.allowances().teams().get(team.name());
                if (allowance != null) {
                    described.putAll(allowances.describe(new Scope(Scope.Kind.TEAM, team.name()), allowance));
                }
                teams.put(team.name(), described);
            });
        }
        answer.put("teams", teams);
        answer.put("keys", allowances.describe(Scope.Kind.KEY, policy.allowances().keys()));
        answer.put("models", allowances.describe(Scope.Kind.MODEL, policy.allowances().models()));
        exchange.getMessage().setBody(answer);
    }

    /**
     * POST /admin/v1/policy/check: {@code {"caller": "<key name>" or {"name", "team", "roles", "attributes"},
     * "model": "claude-sonnet"}}, answered with {@code {allowed, team, reason, provider, model, credential}}.
     */
    public void check(Exchange exchange) {
        JsonNode request = JsonBodyReader.read(exchange, JsonNode.class);
        CallerIdentity caller = caller(request.path("caller"));
        JsonNode modelField = request.path("model");
        if (!modelField.isTextual() || modelField.asText().isBlank()) {
            throw GatewayException.invalidRequest("model", "Name the model to check, for example \"model\": "
                    + "\"claude-sonnet\".");
        }
        exchange.getMessage().setBody(decide(caller, modelField.asText()));
    }

    private Map<String, Object> decide(CallerIdentity caller, String model) {
        Policy policy = access.policy();
        Optional<Target> target = catalog.find(model);
        if (!policy.enforced()) {
            return answer(true, null, "No policy is in force: every caller may use every model with the "
                    + "gateway's credentials.", target, target.map(t -> t.provider().credential()).orElse(null));
        }
        Optional<String> teamName = policy.placement(caller);
        if (teamName.isEmpty()) {
            return answer(false, null, "No rule places the caller, and the policy has no defaultTeam.",
                    target, null);
        }
        TeamPolicy team = policy.teams().get(teamName.get());
        if (team == null) {
            return answer(false, teamName.get(), "The caller's credential names the team '"
                    + teamName.get() + "', which the policy does not define.", target, null);
        }
        String placed = policy.placementReason(caller);
        Optional<String> refusal = access.whyNot(team, model);
        if (refusal.isPresent()) {
            return answer(false, team.name(), placed + "; " + refusal.get() + ".", target,
                    null);
        }
        if (target.isEmpty()) {
            return answer(true, team.name(), placed + "; its models include '" + model + "'. "
                    + "A pool, fan-out or router name: each model it chooses is checked again, and one the team "
                    + "may not use is skipped.", target, null);
        }
        return answer(true, team.name(), placed + "; its models include '" + model + "'.",
                target, access.credentialReference(team, target.get().provider()));
    }

    private static Map<String, Object> answer(boolean allowed, String team, String reason, Optional<Target> target,
                                              String credential) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("allowed", allowed);
        answer.put("team", team);
        answer.put("reason", reason);
        answer.put("provider", target.map(Target::providerName).orElse(null));
        answer.put("model", target.map(Target::upstreamModel).orElse(null));
        answer.put("credential", allowed ? shown(credential) : null);
        return answer;
    }

    private CallerIdentity caller(JsonNode caller) {
        if (caller.isTextual() && !caller.asText().isBlank()) {
            return keyHolders.apply(caller.asText()).orElseGet(() -> new CallerIdentity(caller.asText()));
        }
        if (!caller.isObject() || !caller.path("name").isTextual()) {
            throw GatewayException.invalidRequest("caller", "Name the caller: a key's name (\"caller\": \"alice\"), "
                    + "or a description ({\"name\": \"alice\", \"team\": \"research\", \"attributes\": "
                    + "{\"groups\": [\"research\"]}}).");
        }
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        caller.path("attributes").fields().forEachRemaining(field -> attributes.put(field.getKey(),
                values(field.getValue())));
        String team = caller.path("team").isTextual() ? caller.path("team").asText() : null;
        return new CallerIdentity(caller.path("name").asText(), "dry-run", team,
                Set.copyOf(values(caller.path("roles"))), attributes);
    }

    private static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isValueNode() && !node.isNull()) {
            values.add(node.asText());
        } else {
            node.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    private static Map<String, Object> describe(TeamPolicy team) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("models", team.models().written());
        described.put("intents", team.intents() == null ? null : team.intents().stream().sorted().toList());
        described.put("autoFallback", team.autoFallback());
        described.put("maxTokens", team.maxTokens());
        described.put("endpoints", team.endpoints() == null ? null : team.endpoints().stream().sorted().toList());
        described.put("credentials", new TreeMap<>(team.credentials()));
        described.put("defaultCredentials", team.defaultCredentials());
        if (team.cacheScope() != null) {
            described.put("cacheScope", team.cacheScope());
        }
        return described;
    }

    /** A credential reference as it may be shown: its kind and name; a key written into gateway.yaml, never. */
    private static String shown(String reference) {
        if (reference == null || reference.equals("none")
                || PolicyReader.REFERENCE_KINDS.stream().anyMatch(reference::startsWith)) {
            return reference;
        }
        return "(a key written in the gateway configuration)";
    }
}
