package io.camelgateway.guardrail.pii;

import java.util.List;
import java.util.Locale;

/**
 * National identity numbers whose rules can be checked: the US Social Security number (written AAA-GG-SSSS, with
 * the areas, groups and serials never issued left out), the UK National Insurance number (its prefix and suffix
 * letters), the Spanish DNI and NIE (their check letter), and the Dutch BSN (the eleven test, and the word BSN or
 * burgerservicenummer just before it: nine digits alone pass the test too often to be told from an order number).
 */
final class NationalIds implements PiiRecognizer {
    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final int BSN_CONTEXT = 40;

    @Override
    public void find(String text, List<PiiFinding> out) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (Chars.wordAt(text, i - 1) || (i > 0 && text.charAt(i - 1) == '-')) {
                continue;
            }
            int end = ssn(text, i);
            if (end < 0) {
                end = nino(text, i);
            }
            if (end < 0) {
                end = dni(text, i);
            }
            if (end < 0) {
                end = bsn(text, i);
            }
            if (end > 0) {
                out.add(new PiiFinding(PiiKind.NATIONAL_ID, i, end));
                i = end - 1;
            }
        }
    }

    /** AAA-GG-SSSS (or with spaces): area not 000, 666 or 9xx, group not 00, serial not 0000. */
    static int ssn(String t, int i) {
        if (i + 11 > t.length() || !digits(t, i, 3) || !digits(t, i + 4, 2) || !digits(t, i + 7, 4)) {
            return -1;
        }
        char sep = t.charAt(i + 3);
        if ((sep != '-' && sep != ' ') || t.charAt(i + 6) != sep || Chars.wordAt(t, i + 11)
                || (i + 12 < t.length() && t.charAt(i + 11) == '-' && Chars.digit(t.charAt(i + 12)))) {
            return -1;
        }
        int area = number(t, i, 3);
        int group = number(t, i + 4, 2);
        int serial = number(t, i + 7, 4);
        if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
            return -1;
        }
        if ((area == 78 && group == 5 && serial == 1120) || (area == 219 && group == 9 && serial == 9999)) {
            return -1; // printed on sample cards and in advertising: never a person's
        }
        return i + 11;
    }

    /** AB123456C, or AB 12 34 56 C: HMRC's rules for the prefix letters, a suffix A to D. */
    static int nino(String t, int i) {
        if (i + 9 > t.length()) {
            return -1;
        }
        char a = t.charAt(i);
        char b = t.charAt(i + 1);
        if (!Chars.upper(a) || !Chars.upper(b) || "DFIQUV".indexOf(a) >= 0 || "DFIOQUV".indexOf(b) >= 0) {
            return -1;
        }
        String prefix = "" + a + b;
        if (List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(prefix)) {
            return -1;
        }
        int j = i + 2;
        boolean spaced = t.charAt(j) == ' ';
        for (int pair = 0; pair < 3; pair++) {
            if (spaced) {
                if (j >= t.length() || t.charAt(j) != ' ') {
                    return -1;
                }
                j++;
            }
            if (!digits(t, j, 2)) {
                return -1;
            }
            j += 2;
        }
        if (spaced) {
            if (j >= t.length() || t.charAt(j) != ' ') {
                return -1;
            }
            j++;
        }
        if (j >= t.length() || t.charAt(j) < 'A' || t.charAt(j) > 'D' || Chars.wordAt(t, j + 1)) {
            return -1;
        }
        return j + 1;
    }

    /** 12345678Z (DNI) or X1234567L (NIE; X, Y, Z stand for 0, 1, 2): the letter is the number mod 23's. */
    static int dni(String t, int i) {
        if (i + 9 > t.length() || Chars.wordAt(t, i + 9)) {
            return -1;
        }
        char first = t.charAt(i);
        int lead = "XYZ".indexOf(first);
        if (lead < 0 && !Chars.digit(first)) {
            return -1;
        }
        if (!digits(t, i + 1, 7)) {
            return -1;
        }
        int value = (lead >= 0 ? lead : first - '0') * 10_000_000 + number(t, i + 1, 7);
        char letter = t.charAt(i + 8);
        return letter == DNI_LETTERS.charAt(value % 23) ? i + 9 : -1;
    }

    /** Nine digits that pass the eleven test, after the word BSN or burgerservicenummer. */
    static int bsn(String t, int i) {
        if (i + 9 > t.length() || !digits(t, i, 9) || Chars.wordAt(t, i + 9)) {
            return -1;
        }
        int sum = 0;
        for (int k = 0; k < 8; k++) {
            sum += (t.charAt(i + k) - '0') * (9 - k);
        }
        sum -= t.charAt(i + 8) - '0';
        if (sum % 11 != 0 || sum == 0) {
            return -1;
        }
        String before = t.substring(Math.max(0, i - BSN_CONTEXT), i).toLowerCase(Locale.ROOT);
        return before.contains("bsn") || before.contains("burgerservicenummer") || before.contains("sofinummer")
                ? i + 9 : -1;
    }

    private static boolean digits(String t, int from, int count) {
        if (from + count > t.length()) {
            return false;
        }
        for (int k = from; k < from + count; k++) {
            if (!Chars.digit(t.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static int number(String t, int from, int count) {
        int value = 0;
        for (int k = from; k < from + count; k++) {
            value = value * 10 + (t.charAt(k) - '0');
        }
        return value;
    }
}
