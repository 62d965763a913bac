package io.camelgateway.guardrail.pii;

/** ASCII character classes the recognisers share: values of interest are ASCII, whatever text surrounds them. */
final class Chars {
    private Chars() {
    }

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean lower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean alnum(char c) {
        return digit(c) || upper(c) || lower(c);
    }

    /** True when the char at i exists and is a letter or digit of any script: a value must not run into it. */
    static boolean wordAt(String text, int i) {
        return i >= 0 && i < text.length() && Character.isLetterOrDigit(text.charAt(i));
    }
}
