package io.camelgateway.guardrail.pii;

import java.util.List;

/**
 * E-mail addresses: a local part of up to 64 chars, '@', and a domain of dot-separated labels ending in a
 * top-level domain of letters. Scans out from each '@', so a long text costs one pass.
 */
final class EmailAddresses implements PiiRecognizer {
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;

    @Override
    public void find(String text, List<PiiFinding> out) {
        int searchFrom = 0;
        int at;
        while ((at = text.indexOf('@', searchFrom)) >= 0) {
            searchFrom = at + 1;
            int start = at;
            while (start > 0 && at - start < MAX_LOCAL && local(text.charAt(start - 1))) {
                start--;
            }
            while (start < at && text.charAt(start) == '.') {
                start++;
            }
            if (start == at || text.charAt(at - 1) == '.') {
                continue;
            }
            int end = domainEnd(text, at + 1);
            if (end > 0) {
                out.add(new PiiFinding(PiiKind.EMAIL, start, end));
                searchFrom = end;
            }
        }
    }

    /** The end of a valid domain starting at from, or -1. */
    private static int domainEnd(String text, int from) {
        int i = from;
        int labelStart = from;
        int lastDot = -1;
        int limit = Math.min(text.length(), from + MAX_DOMAIN);
        while (i < limit) {
            char c = text.charAt(i);
            if (Chars.alnum(c) || c == '-') {
                i++;
            } else if (c == '.' && i > labelStart && i + 1 < limit && Chars.alnum(text.charAt(i + 1))) {
                if (text.charAt(i - 1) == '-') {
                    return -1;
                }
                lastDot = i;
                labelStart = ++i;
            } else {
                break;
            }
        }
        if (lastDot < 0 || i - labelStart < 2 || Chars.wordAt(text, i)) {
            return -1;
        }
        for (int t = labelStart; t < i; t++) {
            if (!Chars.upper(text.charAt(t)) && !Chars.lower(text.charAt(t))) {
                return -1; // a top-level domain is letters
            }
        }
        return i;
    }

    private static boolean local(char c) {
        return Chars.alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }
}
