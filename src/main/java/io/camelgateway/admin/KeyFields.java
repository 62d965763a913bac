package io.camelgateway.admin;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.camelgateway.api.GatewayException;

/** The checks on a key's name, team and roles that creating and changing a key share. */
final class KeyFields {
    private static final int LONGEST_TEXT = 200;
    private static final int MOST_ROLES = 20;
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private KeyFields() {
    }

    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw GatewayException.invalidRequest("name", "Missing required parameter: 'name'.");
        }
        return text(name, "name");
    }

    /** A team, or null for none. */
    static String team(String team) {
        return team == null || team.isBlank() ? null : text(team, "team");
    }

    static Set<String> roles(List<String> roles) {
        if (roles == null) {
            return Set.of();
        }
        if (roles.size() > MOST_ROLES) {
            throw GatewayException.invalidRequest("roles", "A key may have at most " + MOST_ROLES + " roles.");
        }
        Set<String> result = new LinkedHashSet<>();
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i);
            if (role == null || !ROLE.matcher(role).matches()) {
                throw GatewayException.invalidRequest("roles[" + i + "]", "Invalid value for 'roles[" + i + "]': a "
                        + "role is 1 to 64 letters, digits and _ . : -");
            }
            result.add(role);
        }
        return result;
    }

    private static String text(String value, String field) {
        String trimmed = value.trim();
        if (trimmed.length() > LONGEST_TEXT || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw GatewayException.invalidRequest(field, "Invalid value for '" + field + "': at most "
                    + LONGEST_TEXT + " characters, with no control characters.");
        }
        return trimmed;
    }
}
