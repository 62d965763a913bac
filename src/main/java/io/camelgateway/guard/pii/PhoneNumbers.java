package io.camelgateway.guard.pii;

import java.util.List;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Phone numbers as Google's libphonenumber finds and validates them: international numbers ("+44 20 7946 0958")
 * anywhere, national ones ("(212) 555-0142") as the default region writes them. Only numbers valid for their
 * region count; its own tries are bounded, so a text full of digits costs bounded time.
 */
final class PhoneNumbers implements PiiRecognizer {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final long MAX_TRIES = 10_000;

    private final String defaultRegion;

    /** @param defaultRegion the ISO country whose national numbers are recognised without a +country code */
    PhoneNumbers(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    @Override
    public void find(String text, List<PiiFinding> out) {
        if (!enoughDigits(text)) {
            return; // no phone number has fewer than seven digits: skip the library's scan
        }
        for (PhoneNumberMatch match : PHONES.findNumbers(text, defaultRegion, PhoneNumberUtil.Leniency.VALID,
                MAX_TRIES)) {
            out.add(new PiiFinding(PiiKind.PHONE, match.start(), match.end()));
        }
    }

    private static boolean enoughDigits(String text) {
        int digits = 0;
        for (int k = 0; k < text.length(); k++) {
            if (Chars.digit(text.charAt(k)) && ++digits >= 7) {
                return true;
            }
        }
        return false;
    }
}
