package io.camelgateway.security;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is calling, as the gateway knows them after authentication. It never holds the key or token they presented.
 *
 * @param name       how logs, metrics and the audit record name the caller: a key's name, a token's subject
 * @param scheme     the authentication scheme that recognised them (key, virtual-key, jwt, introspection, or a
 *                   plug-in's name)
 * @param team       their team, or null until the policy places them in one
 * @param roles      roles such as admin
 * @param attributes what the scheme learned of them that policy rules may match on (a JWT's claims, an
 *                   introspection answer's fields), each as a list of values
 */
public record CallerIdentity(String name, String scheme, String team, Set<String> roles,
                             Map<String, List<String>> attributes) {

    public CallerIdentity {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A caller known only by a static key's name. */
    public CallerIdentity(String name) {
        this(name, "key", null, Set.of(), Map.of());
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The same caller, placed in a team. */
    public CallerIdentity inTeam(String newTeam) {
        return new CallerIdentity(name, scheme, newTeam, roles, attributes);
    }
}
