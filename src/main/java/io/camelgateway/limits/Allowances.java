package io.camelgateway.limits;

import java.util.Map;

/**
 * The policy's rate limits and budgets: per caller name (a key's name, a token's subject), per team, and per model
 * name as callers ask for it.
 */
public record Allowances(Map<String, Allowance> keys, Map<String, Allowance> teams, Map<String, Allowance> models) {
    public static final Allowances NONE = new Allowances(Map.of(), Map.of(), Map.of());

    public Allowances {
        keys = Map.copyOf(keys);
        teams = Map.copyOf(teams);
        models = Map.copyOf(models);
    }

    public boolean none() {
        return keys.isEmpty() && teams.isEmpty() && models.isEmpty();
    }
}
