package io.camelgateway.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelgateway.config.ConfigSection;

/**
 * Reads a policy block (gateway.yaml's {@code policy:}, or the file it names) and checks it whole: every team a
 * rule or the default names exists, endpoints and providers are ones the gateway has, and team credentials are
 * references, never keys written into the policy.
 */
public final class PolicyReader {
    /** The kinds of credential reference a team may name: never a key itself. */
    static final List<String> REFERENCE_KINDS = List.of("env:", "file:", "vault:");

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
        return new Policy(teams, rules, defaultTeam);
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
                credentials, team.flag("defaultCredentials", false));
    }
}
