package io.camelgateway.guardrail.pii;

import java.util.List;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Phone numbers as Google's libphonenumber parses and validates them: international numbers ("+44 20 7946 0958")
 * anywhere, national ones ("(212) 555-0142") as the default region writes them. Only numbers valid for their
 * region's numbering plan count. Only runs of digits and the characters numbers are written with, seven digits or more, go to
 * the library, so a long text costs one pass and a bounded number of library calls.
 */
final class PhoneNumbers implements PiiRecognizer {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** No phone number has fewer digits: a run with fewer is not given to the library at all. */
    private static final int MIN_DIGITS = 7;
    /** The longest run of number characters read as one candidate; longer ones are read in pieces. */
    private static final int MAX_RUN = 64;
    /**
     * The library calls one text may take (tens of microseconds each). A 2,000-char prompt needs far fewer;
     * past them, in a huge text full of numbers, a run of 7 to 15 digits counts as a phone number unchecked: the
     * guard redacts too much rather than let one through, in bounded time.
     */
    private static final int MAX_LIBRARY_CALLS = 200;
    /** E.164: no phone number has more digits. */
    private static final int MAX_DIGITS = 15;

    private final String defaultRegion;

    /** @param defaultRegion the ISO country whose national numbers are recognised without a +country code */
    PhoneNumbers(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    @Override
    public void find(String text, List<PiiFinding> out) {
        int n = text.length();
        int i = 0;
        int libraryCalls = 0;
        while (i < n) {
            if (!Chars.digit(text.charAt(i)) && text.charAt(i) != '+' && text.charAt(i) != '(') {
                i++;
                continue;
            }
            int end = i;
            int digits = 0;
            while (end < n && end - i < MAX_RUN && numberChar(text.charAt(end))) {
                if (Chars.digit(text.charAt(end))) {
                    digits++;
                }
                end++;
            }
            if (digits >= MIN_DIGITS && libraryCalls >= MAX_LIBRARY_CALLS) {
                if (digits <= MAX_DIGITS) {
                    out.add(new PiiFinding(PiiKind.PHONE, i, trimmed(text, i, end)));
                }
            } else if (digits >= MIN_DIGITS) {
                libraryCalls++;
                int to = trimmed(text, i, end);
                if (valid(text.substring(i, to)) && !Chars.wordAt(text, i - 1) && !Chars.wordAt(text, to)) {
                    out.add(new PiiFinding(PiiKind.PHONE, i, to));
                }
            }
            i = Math.max(end, i + 1);
        }
    }

    /** One run as one number, parsed and checked against its region's numbering plan. */
    private boolean valid(String candidate) {
        try {
            return PHONES.isValidNumber(PHONES.parse(candidate, defaultRegion));
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** The run without the separators it ends with. */
    private static int trimmed(String text, int start, int end) {
        int e = end;
        boolean opened = text.lastIndexOf('(', end - 1) >= start;
        while (e > start && !Chars.digit(text.charAt(e - 1)) && !(opened && text.charAt(e - 1) == ')')) {
            e--;
        }
        return e;
    }

    /** What a written phone number is made of: digits, spaces, + ( ) - . / */
    private static boolean numberChar(char c) {
        return Chars.digit(c) || c == ' ' || c == '+' || c == '(' || c == ')' || c == '-' || c == '.' || c == '/';
    }
}
