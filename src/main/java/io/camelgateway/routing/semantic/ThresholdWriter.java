package io.camelgateway.routing.semantic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts calibrated thresholds into an intents file's text, line by line, so its comments and layout survive: each
 * listed intent gets a {@code threshold:} line right under its name, replacing any it had.
 */
final class ThresholdWriter {
    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_.-]+):\\s*(#.*)?$");

    private ThresholdWriter() {
    }

    static String write(String yaml, Map<String, Double> thresholds) {
        List<String> out = new ArrayList<>();
        String[] lines = yaml.split("\n", -1);
        int intentIndent = -1;
        boolean inIntents = false;
        boolean inCalibratedIntent = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher key = KEY.matcher(line);
            int indent = line.length() - line.stripLeading().length();
            if (!line.isBlank() && !line.stripLeading().startsWith("#") && indent == 0) {
                inIntents = line.startsWith("intents:");
                inCalibratedIntent = false;
                out.add(line);
                continue;
            }
            if (inIntents && key.matches() && (intentIndent < 0 || indent == intentIndent)) {
                intentIndent = indent;
                Double threshold = thresholds.get(key.group(2));
                inCalibratedIntent = threshold != null;
                out.add(line);
                if (threshold != null) {
                    String childIndent = " ".repeat(childIndent(lines, i, indent));
                    out.add(String.format(Locale.ROOT, "%sthreshold: %.3f   # calibrated", childIndent, threshold));
                }
                continue;
            }
            if (inCalibratedIntent && indent > intentIndent && line.stripLeading().startsWith("threshold:")) {
                continue; // the old threshold
            }
            out.add(line);
        }
        return String.join("\n", out);
    }

    private static int childIndent(String[] lines, int keyLine, int keyIndent) {
        for (int j = keyLine + 1; j < lines.length; j++) {
            String next = lines[j];
            if (next.isBlank() || next.stripLeading().startsWith("#")) {
                continue;
            }
            int indent = next.length() - next.stripLeading().length();
            return indent > keyIndent ? indent : keyIndent + 2;
        }
        return keyIndent + 2;
    }
}
