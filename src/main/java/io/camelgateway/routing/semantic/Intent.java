package io.camelgateway.routing.semantic;

import java.util.List;

/**
 * One thing a prompt can be about, as the user declared it in the intents file.
 *
 * @param keywords  words or phrases that decide it in tier 1 (case-insensitive, whole words)
 * @param patterns  Java regular expressions that decide it in tier 1
 * @param threshold the tier-2 score this intent needs to win (null: the router's minScore); calibration sets it
 */
public record Intent(String name, String description, List<String> examples, List<String> keywords,
                     List<String> patterns, Double threshold) {

    public Intent(String name, String description, List<String> examples, List<String> keywords,
                  List<String> patterns) {
        this(name, description, examples, keywords, patterns, null);
    }

    /** The same intent with only its first n examples (the evaluation compares 5 against 20). */
    public Intent withExamples(int n) {
        return new Intent(name, description, examples.subList(0, Math.min(n, examples.size())), keywords, patterns,
                threshold);
    }
}
