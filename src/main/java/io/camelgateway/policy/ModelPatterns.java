package io.camelgateway.policy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The model names a team may use, as written in the policy: plain names ("claude-sonnet", "auto") and globs where
 * {@code *} stands for any run of characters, slashes included ("openai/*"), and {@code ?} for one character.
 */
public final class ModelPatterns {
    /** Every name: what a team gets when its policy lists no models. */
    public static final ModelPatterns ANY = new ModelPatterns(List.of("*"));

    private final List<String> written;
    private final List<Pattern> patterns;

    public ModelPatterns(List<String> written) {
        this.written = List.copyOf(written);
        this.patterns = written.stream().map(ModelPatterns::compile).toList();
    }

    public boolean matches(String name) {
        if (name == null) {
            return false;
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The names and globs as the policy wrote them. */
    public List<String> written() {
        return written;
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString());
    }
}
