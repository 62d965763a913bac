package io.camelgateway.routing.semantic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Adds examples to an intents file's text, line by line, so its comments and layout survive: each new example goes
 * at the end of its intent's {@code examples:} list (a block list: one {@code - "..."} per line), or into a new
 * list when the intent has none.
 */
final class ExampleWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExampleWriter() {
    }

    static String write(String yaml, Map<String, List<String>> examples) {
        List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
        for (Map.Entry<String, List<String>> entry : examples.entrySet()) {
            if (!entry.getValue().isEmpty()) {
                add(lines, entry.getKey(), entry.getValue());
            }
        }
        return String.join("\n", lines);
    }

    private static void add(List<String> lines, String intent, List<String> texts) {
        int intentLine = intentLine(lines, intent);
        int intentIndent = indent(lines.get(intentLine));
        int end = intentLine + 1;
        while (end < lines.size() && (isBlankOrComment(lines.get(end)) || indent(lines.get(end)) > intentIndent)) {
            end++;
        }
        for (int i = intentLine + 1; i < end; i++) {
            String line = lines.get(i);
            if (!line.stripLeading().startsWith("examples:")) {
                continue;
            }
            if (!line.strip().equals("examples:")) {
                throw new IllegalArgumentException("intents." + intent + ".examples is not a block list (one "
                        + "\"- ...\" per line): add the examples by hand");
            }
            int keyIndent = indent(line);
            int last = i;
            for (int j = i + 1; j < end && (isBlankOrComment(lines.get(j)) || indent(lines.get(j)) > keyIndent
                    || lines.get(j).stripLeading().startsWith("- ") && indent(lines.get(j)) == keyIndent); j++) {
                last = isBlankOrComment(lines.get(j)) ? last : j;
            }
            String itemIndent = last > i ? " ".repeat(indent(lines.get(last))) : " ".repeat(keyIndent + 2);
            lines.addAll(last + 1, items(itemIndent, texts));
            return;
        }
        int childIndent = intentIndent + 2;
        for (int i = intentLine + 1; i < end; i++) {
            if (!isBlankOrComment(lines.get(i))) {
                childIndent = indent(lines.get(i));
                break;
            }
        }
        List<String> block = new ArrayList<>();
        block.add(" ".repeat(childIndent) + "examples:");
        block.addAll(items(" ".repeat(childIndent + 2), texts));
        lines.addAll(intentLine + 1, block);
    }

    private static List<String> items(String indent, List<String> texts) {
        List<String> items = new ArrayList<>();
        for (String text : texts) {
            try {
                items.add(indent + "- " + JSON.writeValueAsString(text) + "   # from feedback");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return items;
    }

    private static int intentLine(List<String> lines, String intent) {
        boolean inIntents = false;
        int intentIndent = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isBlankOrComment(line)) {
                continue;
            }
            if (indent(line) == 0) {
                inIntents = line.startsWith("intents:");
                continue;
            }
            if (inIntents && (intentIndent < 0 || indent(line) == intentIndent)) {
                intentIndent = indent(line);
                if (line.strip().startsWith(intent + ":")) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("no intent '" + intent + "' under intents:");
    }

    private static boolean isBlankOrComment(String line) {
        return line.isBlank() || line.stripLeading().startsWith("#");
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }
}
