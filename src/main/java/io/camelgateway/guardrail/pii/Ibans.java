package io.camelgateway.guardrail.pii;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * International bank account numbers: a country code, two check digits and the country's fixed number of
 * letters and digits, written together or in groups of four; the length must be the country's and the
 * ISO 13616 mod-97 checksum must hold.
 */
final class Ibans implements PiiRecognizer {
    /** IBAN lengths by country, from the SWIFT IBAN registry. */
    private static final Map<String, Integer> LENGTHS = new HashMap<>();

    static {
        String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 "
                + "EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 "
                + "JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 "
                + "PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 TN24 TR26 UA29 VA22 VG24 XK20";
        for (String entry : table.split(" ")) {
            LENGTHS.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
        }
    }

    @Override
    public void find(String text, List<PiiFinding> out) {
        int n = text.length();
        char[] compact = new char[34];
        for (int i = 0; i + 4 <= n; i++) {
            if (!Chars.upper(text.charAt(i)) || !Chars.upper(text.charAt(i + 1)) || !Chars.digit(text.charAt(i + 2))
                    || !Chars.digit(text.charAt(i + 3)) || Chars.wordAt(text, i - 1)) {
                continue;
            }
            Integer length = LENGTHS.get(text.substring(i, i + 2));
            if (length == null) {
                continue;
            }
            int count = 0;
            int j = i;
            while (j < n && count < length) {
                char c = text.charAt(j);
                if (Chars.upper(c) || Chars.digit(c)) {
                    compact[count++] = c;
                    j++;
                } else if (c == ' ' && count % 4 == 0 && j + 1 < n && Chars.alnum(text.charAt(j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            if (count == length && !Chars.wordAt(text, j) && mod97(compact, count) == 1) {
                out.add(new PiiFinding(PiiKind.IBAN, i, j));
                i = j - 1;
            }
        }
    }

    /** The remainder of the IBAN, rearranged and with letters as numbers (A = 10), divided by 97. */
    static int mod97(char[] iban, int length) {
        int remainder = 0;
        for (int k = 0; k < length; k++) {
            char c = iban[(k + 4) % length];
            if (Chars.digit(c)) {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            }
        }
        return remainder;
    }
}
