package io.camelgateway.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.camelgateway.limits.Allowances;
import io.camelgateway.security.CallerIdentity;

/**
 * The gateway's policy: its teams, and the rules that place callers in them. A caller whose credential names a
 * team keeps it; the others go to the first team whose rule matches, or else the default team. Without a
 * {@code policy:} block there is no policy ({@link #NONE}): every caller may use everything. Its rate limits and
 * budgets, per key, team and model, are its {@link Allowances}.
 */
public record Policy(Map<String, TeamPolicy> teams, List<PlacementRule> rules, String defaultTeam,
                     Allowances allowances) {
    /** No policy in force. */
    public static final Policy NONE = new Policy(null, List.of(), null);

    public Policy {
        teams = teams == null ? null : Map.copyOf(teams);
        rules = List.copyOf(rules);
        allowances = allowances == null ? Allowances.NONE : allowances;
    }

    public Policy(Map<String, TeamPolicy> teams, List<PlacementRule> rules, String defaultTeam) {
        this(teams, rules, defaultTeam, Allowances.NONE);
    }

    public boolean enforced() {
        return teams != null;
    }

    /** The caller's team; a 403 when the policy places them in none, or names a team it does not define. */
    public TeamPolicy teamOf(CallerIdentity caller) {
        String name = placement(caller).orElseThrow(PolicyRefusals::noTeam);
        TeamPolicy team = teams.get(name);
        if (team == null) {
            throw PolicyRefusals.undefinedTeam(name);
        }
        return team;
    }

    /** The name of the team the caller goes to, if any: their credential's, a rule's, or the default. */
    public Optional<String> placement(CallerIdentity caller) {
        if (caller.team() != null) {
            return Optional.of(caller.team());
        }
        for (PlacementRule rule : rules) {
            if (rule.matches(caller)) {
                return Optional.of(rule.team());
            }
        }
        return Optional.ofNullable(defaultTeam);
    }

    /** For the dry run: why the caller is in their team. */
    public String placementReason(CallerIdentity caller) {
        if (caller.team() != null) {
            return "The caller's credential names the team";
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).matches(caller)) {
                return "Rule " + (i + 1) + " places the caller";
            }
        }
        return defaultTeam != null ? "No rule places the caller: the default team" : "No rule places the caller";
    }
}
