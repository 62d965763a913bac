package io.camelgateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One block of gateway.yaml, as the feature that owns it reads it: string values have their ${NAME} and
 * ${NAME:-default} variables resolved, and every error names
 * where in the file it is ("gateway.yaml: auth.jwt[0].issuer: is required").
 */
public final class ConfigSection {
    private final JsonNode node;
    private final UnaryOperator<String> resolver;
    private final String where;

    public ConfigSection(JsonNode node, UnaryOperator<String> resolver, String where) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.resolver = resolver;
        this.where = where;
    }

    /** An empty section, as if the block were absent. */
    public static ConfigSection empty(String where) {
        return new ConfigSection(null, UnaryOperator.identity(), where);
    }

    /** Whether the block is in the file at all. */
    public boolean present() {
        return !node.isMissingNode() && !node.isNull();
    }

    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** Where this block is, for error messages. */
    public String where() {
        return where;
    }

    public JsonNode node() {
        return node;
    }

    /** A document from elsewhere (a file this block names), read with the same ${NAME} resolution. */
    public ConfigSection elsewhere(JsonNode document, String source) {
        return new ConfigSection(document, resolver, source);
    }

    public ConfigSection section(String field) {
        return new ConfigSection(node.get(field), resolver, path(field));
    }

    /** The blocks of a list, in order. */
    public List<ConfigSection> sections(String field) {
        List<ConfigSection> result = new ArrayList<>();
        JsonNode list = node.path(field);
        for (int i = 0; i < list.size(); i++) {
            result.add(new ConfigSection(list.get(i), resolver, path(field) + "[" + i + "]"));
        }
        return result;
    }

    /** The blocks of a mapping, by key, in file order. */
    public Map<String, ConfigSection> sectionsByName(String field) {
        Map<String, ConfigSection> result = new LinkedHashMap<>();
        node.path(field).fields().forEachRemaining(
                e -> result.put(e.getKey(), new ConfigSection(e.getValue(), resolver,
                        path(field) + "." + e.getKey())));
        return result;
    }

    public String text(String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : resolver.apply(value.asText());
    }

    public String requiredText(String field) {
        String value = text(field, null);
        if (value == null || value.isBlank()) {
            throw invalid(field, "is required");
        }
        return value;
    }

    public int integer(String field, int fallback) {
        String value = text(field, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(field, "'" + value + "' is not a whole number");
        }
    }

    public boolean flag(String field, boolean fallback) {
        String value = text(field, null);
        if (value == null) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw invalid(field, "'" + value + "' is not true or false");
        };
    }

    public Duration duration(String field, Duration fallback) {
        String value = text(field, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw invalid(field, e.getMessage());
        }
    }

    /** A list of strings; a single string counts as a list of one. */
    public List<String> list(String field) {
        List<String> result = new ArrayList<>();
        JsonNode value = node.path(field);
        if (value.isValueNode() && !value.isNull()) {
            result.add(resolver.apply(value.asText()));
        } else {
            value.forEach(v -> result.add(resolver.apply(v.asText())));
        }
        return result;
    }

    public Map<String, String> map(String field) {
        Map<String, String> result = new LinkedHashMap<>();
        node.path(field).fields().forEachRemaining(e -> result.put(e.getKey(), resolver.apply(e.getValue().asText())));
        return result;
    }

    public IllegalArgumentException invalid(String field, String problem) {
        return new IllegalArgumentException(path(field) + ": " + problem);
    }

    private String path(String field) {
        return where.endsWith(":") ? where + " " + field : where + "." + field;
    }
}
