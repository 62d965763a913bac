package io.camelgateway.routing.semantic;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads an intents file (classifier-models/intents.yaml), rejecting a malformed one with a message naming the key,
 * and a {@code fallback:} that names no intent of the file.
 */
public final class IntentsLoader {
    private IntentsLoader() {
    }

    public static IntentsFile parse(InputStream in, String source) throws IOException {
        JsonNode root = new YAMLMapper().readTree(in);
        JsonNode intents = root == null ? null : root.get("intents");
        if (intents == null || !intents.isObject() || intents.isEmpty()) {
            throw new IllegalArgumentException(source + ": expected a mapping 'intents:' with at least one intent");
        }
        List<Intent> result = new ArrayList<>();
        intents.fields().forEachRemaining(entry -> {
            String where = source + ": intents." + entry.getKey();
            JsonNode intent = entry.getValue();
            if (!intent.isObject()) {
                throw new IllegalArgumentException(where + ": expected a mapping with description and examples");
            }
            String description = intent.path("description").asText("");
            List<String> examples = strings(intent.path("examples"), where + ".examples");
            if (description.isBlank() && examples.isEmpty()) {
                throw new IllegalArgumentException(where + ": needs a description or examples");
            }
            List<String> patterns = strings(intent.path("patterns"), where + ".patterns");
            for (String pattern : patterns) {
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(where + ".patterns: '" + pattern + "' is not a valid regex: "
                            + e.getDescription());
                }
            }
            result.add(new Intent(entry.getKey(), description, examples,
                    strings(intent.path("keywords"), where + ".keywords"), patterns,
                    threshold(intent.path("threshold"), where + ".threshold")));
        });
        JsonNode fallback = root.path("fallback");
        if (fallback.isMissingNode() || fallback.isNull()) {
            return IntentsFile.withoutFallback(result);
        }
        if (!fallback.isTextual() || fallback.asText().isBlank()) {
            throw new IllegalArgumentException(source + ": fallback: expected the name of one of the intents, found "
                    + fallback);
        }
        try {
            return new IntentsFile(result, Optional.of(fallback.asText()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    private static Double threshold(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || node.asDouble() < -1 || node.asDouble() > 1) {
            throw new IllegalArgumentException(where + ": expected a number between -1 and 1 (a cosine similarity), "
                    + "found " + node);
        }
        return node.asDouble();
    }

    private static List<String> strings(JsonNode node, String where) {
        List<String> values = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + ": expected a list of strings");
        }
        for (JsonNode item : node) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new IllegalArgumentException(where + ": expected a list of non-empty strings, found " + item);
            }
            values.add(item.asText());
        }
        return values;
    }
}
