package io.camelgateway.guardrail.pii;

import java.util.List;

/**
 * Payment card numbers: 12 to 19 digits, written together or in groups separated by single spaces or hyphens,
 * whose issuer prefix (IIN) and length belong to a card scheme, and whose last digit is the Luhn check digit.
 */
final class CardNumbers implements PiiRecognizer {
    private static final int MIN_DIGITS = 12;
    private static final int MAX_DIGITS = 19;

    @Override
    public void find(String text, List<PiiFinding> out) {
        int n = text.length();
        int i = 0;
        int[] digits = new int[MAX_DIGITS];
        while (i < n) {
            if (!Chars.digit(text.charAt(i)) || Chars.wordAt(text, i - 1) || separatedNumberBefore(text, i)) {
                i++;
                continue;
            }
            int count = 0;
            int j = i;
            int end = i;
            boolean tooLong = false;
            while (j < n) {
                char c = text.charAt(j);
                if (Chars.digit(c)) {
                    if (count == MAX_DIGITS) {
                        tooLong = true;
                        break;
                    }
                    digits[count++] = c - '0';
                    end = ++j;
                } else if ((c == ' ' || c == '-') && j + 1 < n && Chars.digit(text.charAt(j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            if (!tooLong && !Chars.wordAt(text, end) && count >= MIN_DIGITS && schemeLength(digits, count)
                    && luhn(digits, count)) {
                out.add(new PiiFinding(PiiKind.CARD, i, end));
            }
            // A run too long to be a card is some other number: skip all of it.
            while (j < n && (Chars.digit(text.charAt(j)) || text.charAt(j) == ' ' || text.charAt(j) == '-')) {
                j++;
            }
            i = Math.max(j, i + 1);
        }
    }

    /** "1.4111..." or "12-4111...": the digits continue a number, they do not start one. */
    private static boolean separatedNumberBefore(String text, int i) {
        return i >= 2 && (text.charAt(i - 1) == '.' || text.charAt(i - 1) == '-' || text.charAt(i - 1) == '/')
                && Chars.digit(text.charAt(i - 2));
    }

    static boolean luhn(int[] digits, int count) {
        int sum = 0;
        for (int k = 0; k < count; k++) {
            int d = digits[count - 1 - k];
            if (k % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** The issuer prefixes and lengths of Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay and Maestro. */
    static boolean schemeLength(int[] d, int len) {
        int p1 = d[0];
        int p2 = p1 * 10 + d[1];
        int p3 = p2 * 10 + d[2];
        int p4 = p3 * 10 + d[3];
        int p6 = p4 * 100 + d[4] * 10 + d[5];
        if (p1 == 4) {
            return len == 13 || len == 16 || len == 19; // Visa
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return len == 16; // Mastercard
        }
        if (p2 == 34 || p2 == 37) {
            return len == 15; // American Express
        }
        if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) {
            return len >= 16 && len <= 19; // Discover
        }
        if (p2 == 62) {
            return len >= 16 && len <= 19; // UnionPay
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return len >= 16 && len <= 19; // JCB
        }
        if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {
            return len >= 14 && len <= 19; // Diners Club
        }
        if (p4 == 5018 || p4 == 5020 || p4 == 5038 || p4 == 5893 || p4 == 6304 || p4 == 6759 || p4 == 6761
                || p4 == 6762 || p4 == 6763) {
            return len >= 12 && len <= 19; // Maestro
        }
        return false;
    }
}
