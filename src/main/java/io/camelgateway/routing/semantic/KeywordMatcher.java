package io.camelgateway.routing.semantic;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tier 1: keyword rules. Each intent's keywords and phrases become one case-insensitive pattern that only
 * matches whole words; its own regexes are added as they are. A prompt matching exactly one intent is decided.
 */
public final class KeywordMatcher {
    private final List<IntentRule> rules = new ArrayList<>();

    public KeywordMatcher(List<Intent> intents) {
        for (Intent intent : intents) {
            List<Pattern> patterns = new ArrayList<>();
            if (!intent.keywords().isEmpty()) {
                StringBuilder alternatives = new StringBuilder();
                for (String keyword : intent.keywords()) {
                    if (alternatives.length() > 0) {
                        alternatives.append('|');
                    }
                    // Spaces inside a phrase match any run of white space.
                    alternatives.append(Pattern.quote(keyword.trim()).replace(" ", "\\E\\s+\\Q"));
                }
                // Lookarounds rather than \b, so keywords that start or end with a symbol ("tl;dr", "c++") work.
                patterns.add(Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + alternatives + ")(?![\\p{L}\\p{N}_])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            }
            intent.patterns().forEach(p -> patterns.add(Pattern.compile(p)));
            if (!patterns.isEmpty()) {
                rules.add(new IntentRule(intent.name(), patterns));
            }
        }
    }

    /** The intents whose rules match the text, in the order the intents were declared. */
    public Set<String> matches(String text) {
        Set<String> matched = new LinkedHashSet<>();
        for (IntentRule rule : rules) {
            for (Pattern pattern : rule.patterns) {
                if (pattern.matcher(text).find()) {
                    matched.add(rule.intent);
                    break;
                }
            }
        }
        return matched;
    }

    private record IntentRule(String intent, List<Pattern> patterns) {
    }
}
