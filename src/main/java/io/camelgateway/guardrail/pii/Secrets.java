package io.camelgateway.guardrail.pii;

import java.util.List;

/**
 * Credentials: API keys by their vendors' prefixes (OpenAI and Anthropic {@code sk-}, AWS {@code AKIA}, GitHub
 * {@code ghp_} and {@code github_pat_}, Slack {@code xoxb-} and {@code xoxp-}, Google {@code AIza}), JSON Web
 * Tokens, and any other long token whose characters look random: at least minLength chars of letters, digits and
 * {@code +/_-}, with upper and lower case and digits, and a Shannon entropy of at least minBitsPerChar. Hex
 * hashes, UUIDs and identifiers have one case or no digits, or too little entropy.
 */
final class Secrets implements PiiRecognizer {
    private static final int MAX_TOKEN = 4096;
    /** The shortest key with a known prefix (an AWS access key id): shorter tokens are not looked at. */
    private static final int SHORTEST_KEY = 20;

    private final int minLength;
    private final double minBitsPerChar;

    /** @param minLength the shortest token judged by its entropy; @param minBitsPerChar its least entropy */
    Secrets(int minLength, double minBitsPerChar) {
        this.minLength = minLength;
        this.minBitsPerChar = minBitsPerChar;
    }

    @Override
    public void find(String text, List<PiiFinding> out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!tokenChar(text.charAt(i)) || (i > 0 && tokenChar(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            int end = i;
            while (end < n && end - i < MAX_TOKEN && (tokenChar(text.charAt(end)) || jwtDot(text, i, end))) {
                end++;
            }
            while (end > i && text.charAt(end - 1) == '.') {
                end--;
            }
            if (end - i >= SHORTEST_KEY && (knownPrefix(text, i, end) || random(text, i, end))) {
                out.add(new PiiFinding(PiiKind.SECRET, i, end));
            }
            i = Math.max(end, i + 1);
            while (i < n && tokenChar(text.charAt(i))) {
                i++; // the rest of a token longer than MAX_TOKEN
            }
        }
    }

    private static boolean tokenChar(char c) {
        return Chars.alnum(c) || c == '_' || c == '-' || c == '+' || c == '/';
    }

    /** A JWT's dots: "eyJ..." header '.' payload '.' signature. */
    private static boolean jwtDot(String text, int tokenStart, int i) {
        return text.charAt(i) == '.' && i + 1 < text.length() && tokenChar(text.charAt(i + 1))
                && text.startsWith("eyJ", tokenStart);
    }

    private static boolean knownPrefix(String t, int start, int end) {
        int len = end - start;
        if (t.startsWith("sk-ant-", start)) {
            return len >= 7 + 20;
        }
        if (t.startsWith("sk-", start)) {
            return len >= 3 + 20 && mixed(t, start + 3, end);
        }
        if (t.startsWith("AKIA", start) || t.startsWith("ASIA", start)) {
            return len == 20 && upperAndDigits(t, start + 4, end);
        }
        if (t.startsWith("ghp_", start) || t.startsWith("gho_", start) || t.startsWith("ghs_", start)) {
            return len == 40;
        }
        if (t.startsWith("github_pat_", start)) {
            return len >= 11 + 22;
        }
        if (t.startsWith("xoxb-", start) || t.startsWith("xoxp-", start)) {
            return len >= 5 + 20;
        }
        if (t.startsWith("AIza", start)) {
            return len == 39;
        }
        if (t.startsWith("eyJ", start)) {
            int firstDot = t.indexOf('.', start);
            return firstDot > 0 && firstDot < end && t.indexOf('.', firstDot + 1) > 0
                    && t.indexOf('.', firstDot + 1) < end && len >= 30;
        }
        return false;
    }

    private boolean random(String t, int start, int end) {
        // A token that starts with '/' is a path or the rest of a URL: its words, not random characters.
        return t.charAt(start) != '/' && end - start >= minLength && mixed(t, start, end) && entropy(t, start, end) >= minBitsPerChar;
    }

    /** Upper and lower case letters and digits all present. */
    private static boolean mixed(String t, int start, int end) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int k = start; k < end; k++) {
            char c = t.charAt(k);
            upper |= Chars.upper(c);
            lower |= Chars.lower(c);
            digit |= Chars.digit(c);
        }
        return upper && lower && digit;
    }

    private static boolean upperAndDigits(String t, int start, int end) {
        for (int k = start; k < end; k++) {
            if (!Chars.upper(t.charAt(k)) && !Chars.digit(t.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /** Shannon entropy of the token's characters, in bits per char. */
    static double entropy(String t, int start, int end) {
        int[] counts = new int[128];
        for (int k = start; k < end; k++) {
            counts[t.charAt(k) & 127]++;
        }
        double length = end - start;
        double bits = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = count / length;
                bits -= p * Math.log(p);
            }
        }
        return bits / Math.log(2);
    }
}
