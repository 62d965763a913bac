package io.camelgateway.routing.semantic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tier 1: keyword rules. Keywords and phrases are matched on tokens, in one pass over the text: a token is a run
 * of letters, digits or underscores, or a single other symbol, so "stack trace" and "tl;dr" match only as whole
 * words, in any case, across any white space. The intents' own regexes run after. A prompt matching exactly one
 * intent is decided.
 */
public final class KeywordMatcher {
    /** Phrases by their first token. */
    private final Map<String, List<Phrase>> phrases = new HashMap<>();
    private final List<IntentPattern> patterns = new ArrayList<>();
    private final List<String> order = new ArrayList<>();

    public KeywordMatcher(List<Intent> intents) {
        for (Intent intent : intents) {
            order.add(intent.name());
            for (String keyword : intent.keywords()) {
                List<String> tokens = tokens(keyword);
                if (!tokens.isEmpty()) {
                    phrases.computeIfAbsent(tokens.get(0), t -> new ArrayList<>())
                            .add(new Phrase(tokens.toArray(String[]::new), intent.name()));
                }
            }
            intent.patterns().forEach(p -> patterns.add(new IntentPattern(intent.name(), Pattern.compile(p))));
        }
    }

    /** The intents whose rules match the text, in the order the intents were declared. */
    public Set<String> matches(String text) {
        Set<String> matched = new HashSet<>();
        List<String> tokens = tokens(text);
        for (int i = 0; i < tokens.size(); i++) {
            List<Phrase> candidates = phrases.get(tokens.get(i));
            if (candidates != null) {
                for (Phrase phrase : candidates) {
                    if (!matched.contains(phrase.intent) && phrase.matchesAt(tokens, i)) {
                        matched.add(phrase.intent);
                    }
                }
            }
        }
        for (IntentPattern p : patterns) {
            if (!matched.contains(p.intent) && p.pattern.matcher(text).find()) {
                matched.add(p.intent);
            }
        }
        Set<String> ordered = new LinkedHashSet<>();
        order.stream().filter(matched::contains).forEach(ordered::add);
        return ordered;
    }

    static List<String> tokens(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < lower.length()) {
            char c = lower.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (isWordChar(c)) {
                int start = i;
                while (i < lower.length() && isWordChar(lower.charAt(i))) {
                    i++;
                }
                tokens.add(lower.substring(start, i));
            } else {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private record Phrase(String[] tokens, String intent) {
        boolean matchesAt(List<String> text, int start) {
            if (start + tokens.length > text.size()) {
                return false;
            }
            for (int j = 1; j < tokens.length; j++) {
                if (!tokens[j].equals(text.get(start + j))) {
                    return false;
                }
            }
            return true;
        }
    }

    private record IntentPattern(String intent, Pattern pattern) {
    }
}
