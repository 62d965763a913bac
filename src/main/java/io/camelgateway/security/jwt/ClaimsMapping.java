package io.camelgateway.security.jwt;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelgateway.config.ConfigSection;
import io.camelgateway.security.CallerIdentity;

/**
 * Which claims of a verified token make the caller: their name (by default {@code sub}), team and roles. A claim is
 * named as it appears in the token, or as a dotted path into a nested object ({@code realm_access.roles}, as
 * Keycloak puts roles). Every claim also goes into the caller's attributes for policy rules, nested objects as
 * dotted names.
 *
 * @param name  the claim that names the caller; a token without it is refused
 * @param team  the claim that holds the caller's team (its first value), or null
 * @param roles the claim that holds the caller's roles (a string or a list), or null
 */
public record ClaimsMapping(String name, String team, String roles) {
    static final String JWT = "jwt";
    private static final int MAX_ATTRIBUTES = 100;
    private static final int MAX_DEPTH = 4;

    public static ClaimsMapping from(ConfigSection claims) {
        return new ClaimsMapping(claims.text("name", "sub"), claims.text("team", null), claims.text("roles", null));
    }

    /** The caller these claims describe, or null when the name claim is missing. */
    CallerIdentity caller(Map<String, Object> claims) {
        List<String> names = values(claims, name);
        if (names.isEmpty() || names.get(0).isBlank()) {
            return null;
        }
        List<String> teams = team == null ? List.of() : values(claims, team);
        Set<String> roleSet = roles == null ? Set.of() : new LinkedHashSet<>(values(claims, roles));
        return new CallerIdentity(names.get(0), JWT, teams.isEmpty() ? null : teams.get(0), roleSet,
                attributes(claims));
    }

    /** A claim's values as strings: the claim by its whole name first, then as a path of nested objects. */
    static List<String> values(Map<String, Object> claims, String claim) {
        if (claims.containsKey(claim)) {
            return strings(claims.get(claim));
        }
        Object value = claims;
        for (String part : claim.split("\\.")) {
            if (!(value instanceof Map<?, ?> object)) {
                return List.of();
            }
            value = object.get(part);
        }
        return strings(value);
    }

    static Map<String, List<String>> attributes(Map<String, Object> claims) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        flatten("", claims, 0, result);
        return result;
    }

    private static void flatten(String prefix, Map<?, ?> object, int depth, Map<String, List<String>> into) {
        for (Map.Entry<?, ?> claim : object.entrySet()) {
            if (into.size() >= MAX_ATTRIBUTES) {
                return;
            }
            String key = prefix + claim.getKey();
            if (claim.getValue() instanceof Map<?, ?> nested) {
                if (depth < MAX_DEPTH) {
                    flatten(key + ".", nested, depth + 1, into);
                }
            } else {
                List<String> values = strings(claim.getValue());
                if (!values.isEmpty()) {
                    into.put(key, values);
                }
            }
        }
    }

    /** A string, number, boolean or time as one value, a list as its scalar values; objects and nulls as none. */
    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            List<String> result = new ArrayList<>(list.size());
            for (Object item : list) {
                String text = scalar(item);
                if (text != null) {
                    result.add(text);
                }
            }
            return result;
        }
        String text = scalar(value);
        return text == null ? List.of() : List.of(text);
    }

    /** The claim as text; the times (exp, nbf, iat) as the seconds the token carries. */
    private static String scalar(Object value) {
        if (value instanceof Date time) {
            return Long.toString(time.getTime() / 1000);
        }
        return value instanceof String || value instanceof Number || value instanceof Boolean ? value.toString() : null;
    }
}
