package io.camelgateway.guardrail.pii;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * One request's placeholders: each value found gets {@code <KIND_n>}, the same value the same placeholder, and the
 * answer gets the values back. Lives only as long as the request; never logged.
 */
public final class Placeholders {
    /** The longest placeholder this class makes: {@code <NATIONAL_ID_9999999>} and some room. */
    public static final int MAX_LENGTH = 24;
    private static final int MAX_NUMBER = 9_999_999;

    private final Map<String, String> byValue = new HashMap<>();
    private final Map<String, String> byPlaceholder = new HashMap<>();
    private final Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);

    public String placeholderFor(PiiKind kind, String value) {
        String key = kind.label() + '\u0000' + value;
        String placeholder = byValue.get(key);
        if (placeholder == null) {
            int n = counts.merge(kind, 1, Integer::sum);
            if (n > MAX_NUMBER) {
                throw new IllegalStateException("more than " + MAX_NUMBER + " values of one kind");
            }
            placeholder = "<" + kind.label() + "_" + n + ">";
            byValue.put(key, placeholder);
            byPlaceholder.put(placeholder, value);
        }
        return placeholder;
    }

    public boolean isEmpty() {
        return byPlaceholder.isEmpty();
    }

    /** The value a placeholder stands for, or null when it is none of this request's. */
    public String valueOf(String placeholder) {
        return byPlaceholder.get(placeholder);
    }

    /** True when the value was the caller's own, replaced in the request. */
    public boolean isCallersOwn(PiiKind kind, String value) {
        return byValue.containsKey(kind.label() + '\u0000' + value);
    }

    /** The text with every placeholder of this request replaced by its value; others are left as they are. */
    public String restore(String text) {
        if (text == null || byPlaceholder.isEmpty() || text.indexOf('<') < 0) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        int open;
        while ((open = text.indexOf('<', from)) >= 0) {
            int close = text.indexOf('>', open);
            if (close < 0) {
                break;
            }
            if (close - open < MAX_LENGTH) {
                String value = byPlaceholder.get(text.substring(open, close + 1));
                if (value != null) {
                    if (out == null) {
                        out = new StringBuilder(text.length() + 64);
                    }
                    out.append(text, copied, open).append(value);
                    copied = close + 1;
                    from = close + 1;
                    continue;
                }
            }
            from = open + 1;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * Where the text's end could be the start of a placeholder ('<', then capitals, '_' and digits, shorter than
     * {@value #MAX_LENGTH}): the index of that '<', else the text's length.
     */
    static int heldBackFrom(CharSequence text) {
        int limit = Math.max(0, text.length() - MAX_LENGTH);
        for (int i = text.length() - 1; i >= limit; i--) {
            char c = text.charAt(i);
            if (c == '<') {
                return i;
            }
            if (!(Chars.upper(c) || Chars.digit(c) || c == '_')) {
                return text.length();
            }
        }
        return text.length();
    }
}
