package io.camelgateway.security.introspection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.security.CallerIdentity;

/**
 * Which fields of an introspection answer name the caller, their team and their roles. The roles field, when a
 * string, is split on spaces, as OAuth writes {@code scope}; an array is read as it is.
 *
 * @param name  the field naming the caller (sub by default); an answer without it is named by its client_id, as a
 *              client-credentials token has no subject
 * @param team  the field naming the caller's team, or null for the policy to decide
 * @param roles the field listing roles (scope by default)
 */
public record ClaimMapping(String name, String team, String roles) {
    private static final String SCOPE = "scope";

    /** The caller an active answer describes, or null when it names nobody. */
    CallerIdentity caller(JsonNode answer, String scheme) {
        String who = text(answer, name);
        if (who == null) {
            who = text(answer, "client_id");
        }
        if (who == null) {
            return null;
        }
        Set<String> roleSet = new LinkedHashSet<>(roles == null ? List.of() : values(answer.get(roles), true));
        return new CallerIdentity(who, scheme, team == null ? null : text(answer, team), roleSet, attributes(answer));
    }

    /** Every field of the answer as a list of strings, for policy rules to match on. */
    private static Map<String, List<String>> attributes(JsonNode answer) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        answer.fields().forEachRemaining(field -> {
            List<String> values = values(field.getValue(), field.getKey().equals(SCOPE));
            if (!values.isEmpty()) {
                attributes.put(field.getKey(), List.copyOf(values));
            }
        });
        return attributes;
    }

    /** @param spaced whether a string holds several values separated by spaces, as scope does */
    private static List<String> values(JsonNode value, boolean spaced) {
        List<String> result = new ArrayList<>();
        if (value == null || value.isNull() || value.isObject()) {
            return result;
        }
        if (value.isArray()) {
            value.forEach(v -> {
                if (v.isValueNode() && !v.isNull()) {
                    result.add(v.asText());
                }
            });
        } else if (value.isTextual() && spaced) {
            for (String part : value.asText().trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    result.add(part);
                }
            }
        } else {
            result.add(value.asText());
        }
        return result;
    }

    private static String text(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()
                ? value.asText() : null;
    }
}
