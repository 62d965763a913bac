package io.camelgateway.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelgateway.security.CallerIdentity;

/**
 * One rule of the policy that places callers in a team: by the caller's name (a key's name, a token's subject),
 * by what their credential said of them (JWT claims, introspection fields), or both. Every condition given must
 * hold; a claim holds when the caller has any of the values listed.
 */
public record PlacementRule(String team, Set<String> callers, Map<String, List<String>> claims) {

    public PlacementRule {
        callers = Set.copyOf(callers);
        claims = Map.copyOf(claims);
    }

    public boolean matches(CallerIdentity caller) {
        if (!callers.isEmpty() && !callers.contains(caller.name())) {
            return false;
        }
        for (Map.Entry<String, List<String>> claim : claims.entrySet()) {
            List<String> held = caller.attributes().getOrDefault(claim.getKey(), List.of());
            if (held.stream().noneMatch(claim.getValue()::contains)) {
                return false;
            }
        }
        return true;
    }
}
