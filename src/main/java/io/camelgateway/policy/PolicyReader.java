package io.camelgateway.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.camelgateway.config.ConfigSection;
import io.camelgateway.guardrail.injection.InjectionMode;
import io.camelgateway.guardrail.injection.PromptInjectionGuard;
import io.camelgateway.guardrail.pii.PiiGuard;
import io.camelgateway.guardrail.pii.PiiMode;
import io.camelgateway.limits.Allowance;
import io.camelgateway.limits.Allowances;
import io.camelgateway.limits.Budget;
import io.camelgateway.limits.BudgetPeriod;
import io.camelgateway.limits.RateLimit;

/**
 * Reads a policy block (gateway.yaml's {@code policy:}, or the file it names) and checks it whole: every team a
 * rule or the default names exists, endpoints and providers are ones the gateway has, and team credentials are
 * references, never keys written into the policy. Rate limits and budgets ({@code limits:}, {@code budget:}) go in a
 * team, in {@code keys:} by caller name, and in {@code models:} by model name.
 */
public final class PolicyReader {
    /** The kinds of credential reference a team may name: never a key itself. */
    static final List<String> REFERENCE_KINDS = List.of("env:", "file:", "vault:");
    /** The guardrails a team may set a mode for, and each one's reading of a mode (its label, or an error). */
    static final Map<String, Function<String, String>> GUARDRAIL_MODES = Map.of(
            PromptInjectionGuard.POLICY_KEY, mode -> InjectionMode.named(mode).label(),
            PiiGuard.NAME, mode -> PiiMode.named(mode).label());

    private final Set<String> providers;

    /** @param providers the names of the providers gateway.yaml configures */
    public PolicyReader(Set<String> providers) {
        this.providers = providers;
    }

    public Policy read(ConfigSection block) {
        Map<String, ConfigSection> teamBlocks = block.sectionsByName("teams");
        if (teamBlocks.isEmpty()) {
            throw block.invalid("teams", "define at least one team");
        }
        Map<String, TeamPolicy> teams = new LinkedHashMap<>();
        teamBlocks.forEach((name, team) -> teams.put(name, team(name, team)));
        List<PlacementRule> rules = new ArrayList<>();
        for (ConfigSection rule : block.sections("rules")) {
            rules.add(rule(rule, teams.keySet()));
        }
        String defaultTeam = block.text("defaultTeam", null);
        if (defaultTeam != null && !teams.containsKey(defaultTeam)) {
            throw block.invalid("defaultTeam", "'" + defaultTeam + "' is not one of the teams " + teams.keySet());
        }
        Map<String, Allowance> teamAllowances = new LinkedHashMap<>();
        teamBlocks.forEach((name, team) -> allowance(team).ifPresent(a -> teamAllowances.put(name, a)));
        return new Policy(teams, rules, defaultTeam, new Allowances(allowances(block, "keys"), teamAllowances,
                allowances(block, "models")));
    }

    /** keys: or models: — each entry's limits: and budget:. */
    private static Map<String, Allowance> allowances(ConfigSection block, String field) {
        Map<String, Allowance> result = new LinkedHashMap<>();
        block.sectionsByName(field).forEach((name, entry) -> result.put(name, allowance(entry)
                .orElseThrow(() -> entry.invalid("limits", "give limits: or budget: (or remove the entry)"))));
        return result;
    }

    private static Optional<Allowance> allowance(ConfigSection entry) {
        RateLimit limits = entry.has("limits") ? limits(entry.section("limits")) : null;
        Budget budget = entry.has("budget") ? budget(entry.section("budget")) : null;
        return limits == null && budget == null ? Optional.empty()
                : Optional.of(new Allowance(limits, budget));
    }

    private static RateLimit limits(ConfigSection limits) {
        RateLimit limit = new RateLimit(positive(limits, "requestsPerMinute"), positive(limits, "tokensPerMinute"),
                positive(limits, "concurrentRequests"));
        if (limit.requestsPerMinute() == null && limit.tokensPerMinute() == null
                && limit.concurrentRequests() == null) {
            throw limits.invalid("requestsPerMinute", "give requestsPerMinute, tokensPerMinute or "
                    + "concurrentRequests");
        }
        return limit;
    }

    private static Integer positive(ConfigSection section, String field) {
        if (!section.has(field)) {
            return null;
        }
        int value = section.integer(field, 0);
        if (value <= 0) {
            throw section.invalid(field, "must be a positive whole number");
        }
        return value;
    }

    private static Budget budget(ConfigSection budget) {
        if (!budget.has("usd") || !budget.node().get("usd").isNumber() || budget.node().get("usd").asDouble() <= 0) {
            throw budget.invalid("usd", "give the budget in USD, a positive number");
        }
        String period = budget.text("period", "month");
        BudgetPeriod parsed;
        try {
            parsed = BudgetPeriod.valueOf(period.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw budget.invalid("period", "'" + period + "' is not one of day, month, total");
        }
        return new Budget(budget.node().get("usd").asDouble(), parsed, budget.flag("hard", true),
                budget.text("notify", null));
    }

    private PlacementRule rule(ConfigSection rule, Set<String> teams) {
        String team = rule.requiredText("team");
        if (!teams.contains(team)) {
            throw rule.invalid("team", "'" + team + "' is not one of the teams " + teams);
        }
        ConfigSection when = rule.section("when");
        Set<String> callers = new HashSet<>(when.list("caller"));
        Map<String, List<String>> claims = new LinkedHashMap<>();
        when.section("claim").node().fields().forEachRemaining(claim -> claims.put(claim.getKey(),
                when.section("claim").list(claim.getKey())));
        if (callers.isEmpty() && claims.isEmpty()) {
            throw rule.invalid("when", "name callers (caller: [...]) or claims (claim: {groups: ...}); the "
                    + "policy's defaultTeam is for everyone else");
        }
        return new PlacementRule(team, callers, claims);
    }

    /** guardrails: each guardrail's mode for the team, checked against the modes that guardrail has. */
    private static Map<String, String> guardrails(ConfigSection team) {
        Map<String, String> modes = new LinkedHashMap<>();
        team.map("guardrails").forEach((guardrail, mode) -> {
            Function<String, String> reading = GUARDRAIL_MODES.get(guardrail);
            if (reading == null) {
                throw team.invalid("guardrails." + guardrail, "not a guardrail; known: " + GUARDRAIL_MODES.keySet());
            }
            try {
                modes.put(guardrail, reading.apply(mode));
            } catch (IllegalArgumentException e) {
                throw team.invalid("guardrails." + guardrail, e.getMessage());
            }
        });
        return modes;
    }

    private TeamPolicy team(String name, ConfigSection team) {
        ModelPatterns models = team.has("models") ? new ModelPatterns(team.list("models")) : ModelPatterns.ANY;
        Set<String> intents = team.has("intents") ? Set.copyOf(team.list("intents")) : null;
        Integer maxTokens = null;
        if (team.has("maxTokens")) {
            maxTokens = team.integer("maxTokens", 0);
            if (maxTokens <= 0) {
                throw team.invalid("maxTokens", "must be a positive number of tokens");
            }
        }
        Set<String> endpoints = null;
        if (team.has("endpoints")) {
            endpoints = Set.copyOf(team.list("endpoints"));
            for (String endpoint : endpoints) {
                if (!TeamPolicy.ENDPOINTS.contains(endpoint)) {
                    throw team.invalid("endpoints", "'" + endpoint + "' is not one of " + TeamPolicy.ENDPOINTS);
                }
            }
        }
        Map<String, String> credentials = team.map("credentials");
        credentials.forEach((provider, reference) -> {
            if (!providers.contains(provider)) {
                throw team.invalid("credentials." + provider, "no provider of that name is configured");
            }
            if (REFERENCE_KINDS.stream().noneMatch(reference::startsWith)) {
                throw team.invalid("credentials." + provider, "must be a reference (" + String.join(", ",
                        REFERENCE_KINDS) + "...), never the key itself: the policy is shown to admins");
            }
        });
        return new TeamPolicy(name, models, intents, team.text("autoFallback", null), maxTokens, endpoints,
                credentials, team.flag("defaultCredentials", false), team.text("cacheScope", null),
                guardrails(team));
    }
}
