package io.camelgateway.routing.semantic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tier 1: keyword rules. Keywords and phrases are matched on tokens, in one pass over the text: a token is a run
 * of letters, digits or underscores, or a single other symbol, so "stack trace" and "tl;dr" match only as whole
 * words, in any case, across any white space. The intents' own regexes run after. A prompt matching exactly one
 * intent is decided.
 * <p>
 * The hot path allocates almost nothing: the text is scanned char by char (lower-cased one char at a time, the
 * way {@link Character#toLowerCase(char)} does), each token's hash is computed on the way and looked up in an
 * open-addressing table of the keywords' first tokens, and a phrase's further tokens are compared in place.
 */
public final class KeywordMatcher {
    private final String[] names;
    private final PhraseTable phrases;
    private final IntentPattern[] patterns;

    public KeywordMatcher(List<Intent> intents) {
        names = intents.stream().map(Intent::name).toArray(String[]::new);
        Map<String, List<Phrase>> byFirstToken = new LinkedHashMap<>();
        List<IntentPattern> compiled = new ArrayList<>();
        for (int index = 0; index < names.length; index++) {
            Intent intent = intents.get(index);
            for (String keyword : intent.keywords()) {
                List<String> tokens = tokens(keyword);
                if (!tokens.isEmpty()) {
                    byFirstToken.computeIfAbsent(tokens.get(0), t -> new ArrayList<>())
                            .add(new Phrase(tokens.toArray(String[]::new), index));
                }
            }
            for (String regex : intent.patterns()) {
                compiled.add(new IntentPattern(index, Pattern.compile(regex), leadingLiterals(regex)));
            }
        }
        phrases = new PhraseTable(byFirstToken);
        patterns = compiled.toArray(IntentPattern[]::new);
    }

    /** The intents whose rules match the text, in the order the intents were declared. */
    public Set<String> matches(String text) {
        boolean[] matched = new boolean[names.length];
        int count = 0;
        int n = text.length();
        int i = 0;
        while (i < n && count < names.length) {
            char c = lower(text.charAt(i));
            int kind = kind(c);
            if (kind == SPACE) {
                i++;
                continue;
            }
            int start = i++;
            int hash = c;
            if (kind == WORD) {
                while (i < n) {
                    char d = lower(text.charAt(i));
                    if (kind(d) != WORD) {
                        break;
                    }
                    hash = 31 * hash + d;
                    i++;
                }
            }
            Phrase[] candidates = phrases.get(hash, text, start, i);
            if (candidates != null) {
                for (Phrase phrase : candidates) {
                    if (!matched[phrase.intent] && phrase.restMatches(text, i)) {
                        matched[phrase.intent] = true;
                        count++;
                    }
                }
            }
        }
        for (IntentPattern p : patterns) {
            if (!matched[p.intent] && p.find(text)) {
                matched[p.intent] = true;
                count++;
            }
        }
        if (count == 0) {
            return Set.of();
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (int index = 0; index < names.length; index++) {
            if (matched[index]) {
                ordered.add(names[index]);
            }
        }
        return Collections.unmodifiableSet(ordered);
    }

    /** The text's tokens, lower-cased: what keywords are split into and compared on. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        int i = skipSpace(text, 0);
        while (i < text.length()) {
            int end = tokenEnd(text, i);
            token.setLength(0);
            for (int j = i; j < end; j++) {
                token.append(lower(text.charAt(j)));
            }
            tokens.add(token.toString());
            i = skipSpace(text, end);
        }
        return tokens;
    }

    // --- characters -------------------------------------------------------------------------------------------

    private static final byte SPACE = 0;
    private static final byte WORD = 1;
    private static final byte SYMBOL = 2;
    private static final byte[] ASCII_KINDS = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_KINDS[c] = kindOf(c);
        }
    }

    private static byte kindOf(char c) {
        if (Character.isWhitespace(c)) {
            return SPACE;
        }
        return Character.isLetterOrDigit(c) || c == '_' ? WORD : SYMBOL;
    }

    /** The kind of an already lower-cased char. */
    private static int kind(char c) {
        return c < 128 ? ASCII_KINDS[c] : kindOf(c);
    }

    private static char lower(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return Character.toLowerCase(c);
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && kind(lower(text.charAt(i))) == SPACE) {
            i++;
        }
        return i;
    }

    /** Where the token starting at i (not white space) ends. */
    private static int tokenEnd(String text, int i) {
        if (kind(lower(text.charAt(i))) != WORD) {
            return i + 1;
        }
        i++;
        while (i < text.length() && kind(lower(text.charAt(i))) == WORD) {
            i++;
        }
        return i;
    }

    /** Is text[start, end), lower-cased, the (lower-case) token? */
    private static boolean sameToken(String token, String text, int start, int end) {
        if (token.length() != end - start) {
            return false;
        }
        for (int j = 0; j < token.length(); j++) {
            if (token.charAt(j) != lower(text.charAt(start + j))) {
                return false;
            }
        }
        return true;
    }

    // --- keywords and phrases ---------------------------------------------------------------------------------

    private record Phrase(String[] tokens, int intent) {
        /** Do the phrase's tokens after the first follow in the text from position i? */
        boolean restMatches(String text, int i) {
            for (int j = 1; j < tokens.length; j++) {
                i = skipSpace(text, i);
                if (i >= text.length()) {
                    return false;
                }
                int end = tokenEnd(text, i);
                if (!sameToken(tokens[j], text, i, end)) {
                    return false;
                }
                i = end;
            }
            return true;
        }
    }

    /** Phrases by their first token, looked up by a token's hash and chars in the text, without a substring. */
    private static final class PhraseTable {
        private final int mask;
        private final int[] hashes;
        private final String[] keys;
        private final Phrase[][] values;

        PhraseTable(Map<String, List<Phrase>> byFirstToken) {
            int capacity = Integer.highestOneBit(Math.max(4, byFirstToken.size() * 4 - 1));
            mask = capacity - 1;
            hashes = new int[capacity];
            keys = new String[capacity];
            values = new Phrase[capacity][];
            byFirstToken.forEach((token, list) -> {
                int h = token.hashCode();
                int slot = spread(h) & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = h;
                keys[slot] = token;
                values[slot] = list.toArray(Phrase[]::new);
            });
        }

        /** @param hash the String hash of text[start, end) lower-cased */
        Phrase[] get(int hash, String text, int start, int end) {
            int slot = spread(hash) & mask;
            String key;
            while ((key = keys[slot]) != null) {
                if (hashes[slot] == hash && sameToken(key, text, start, end)) {
                    return values[slot];
                }
                slot = (slot + 1) & mask;
            }
            return null;
        }

        private static int spread(int h) {
            return h ^ (h >>> 16);
        }
    }

    /**
     * An intent's regex. When every match must start with one of a few literals, the regex is tried only where
     * they occur: a search over a long prompt costs tens of microseconds, an indexOf a few.
     *
     * @param leading the literals every match starts with, or null to search the whole text
     */
    private record IntentPattern(int intent, Pattern pattern, List<String> leading) {
        boolean find(String text) {
            if (leading == null) {
                return pattern.matcher(text).find();
            }
            java.util.regex.Matcher matcher = null;
            for (String literal : leading) {
                for (int at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + 1)) {
                    if (matcher == null) {
                        // Transparent bounds let \b see the char before the region.
                        matcher = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                    }
                    if (matcher.region(at, text.length()).lookingAt()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * The literals every match of the regex starts with, for the common shapes only: a plain literal start
     * ("```", "SELECT\\s+\\w+") or a group of plain alternatives ("\\b(def|class|import)\\s+\\w+"), optionally
     * after \\b. Anything else (flags, top-level alternation, an optional start, escapes in the start) gives null.
     */
    static List<String> leadingLiterals(String regex) {
        String r = regex.startsWith("\\b") ? regex.substring(2) : regex;
        if (r.startsWith("(")) {
            int close = r.indexOf(')');
            String group = close < 0 ? "" : r.substring(r.startsWith("(?:") ? 3 : 1, close);
            String rest = close < 0 ? "" : r.substring(close + 1);
            if (group.isEmpty() || group.startsWith("?") || rest.contains("|") || rest.startsWith("?")
                    || rest.startsWith("*") || rest.startsWith("{")) {
                return null;
            }
            List<String> alternatives = List.of(group.split("\\|", -1));
            return alternatives.stream().allMatch(a -> !a.isEmpty() && plain(a)) ? alternatives : null;
        }
        if (r.contains("|")) {
            return null;
        }
        int end = 0;
        while (end < r.length() && plain(r.substring(end, end + 1))) {
            end++;
        }
        if (end < r.length() && "?*{".indexOf(r.charAt(end)) >= 0) {
            end--; // the last char is optional
        }
        return end <= 0 ? null : List.of(r.substring(0, end));
    }

    private static boolean plain(String literal) {
        for (int i = 0; i < literal.length(); i++) {
            if ("\\[](){}.*+?^$|".indexOf(literal.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }
}
