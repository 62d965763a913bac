package io.camelgateway.guardrail.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds PII in a text with one recogniser per kind. Where two findings overlap, the kind checked most strictly
 * wins (a secret over a card, a card over a phone number: the order of {@link PiiKind}), then the longer one.
 */
public final class PiiScanner {
    /** The shortest token judged by its entropy alone, and the entropy it needs, in bits per char. */
    public static final int SECRET_MIN_LENGTH = 24;
    public static final double SECRET_MIN_BITS = 4.0;

    private final List<PiiRecognizer> recognizers = new ArrayList<>();

    /** Every kind, national phone numbers as the US writes them. */
    public PiiScanner() {
        this(EnumSet.allOf(PiiKind.class), "US", SECRET_MIN_LENGTH, SECRET_MIN_BITS);
    }

    public PiiScanner(Set<PiiKind> kinds, String phoneRegion, int secretMinLength, double secretMinBits) {
        if (kinds.contains(PiiKind.SECRET)) {
            recognizers.add(new Secrets(secretMinLength, secretMinBits));
        }
        if (kinds.contains(PiiKind.CARD)) {
            recognizers.add(new CardNumbers());
        }
        if (kinds.contains(PiiKind.IBAN)) {
            recognizers.add(new Ibans());
        }
        if (kinds.contains(PiiKind.NATIONAL_ID)) {
            recognizers.add(new NationalIds());
        }
        if (kinds.contains(PiiKind.EMAIL)) {
            recognizers.add(new EmailAddresses());
        }
        if (kinds.contains(PiiKind.IP_ADDRESS)) {
            recognizers.add(new IpAddresses());
        }
        if (kinds.contains(PiiKind.PHONE)) {
            recognizers.add(new PhoneNumbers(phoneRegion));
        }
    }

    /** The findings in text, none overlapping another, in the order they appear. */
    public List<PiiFinding> scan(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<PiiFinding> all = new ArrayList<>();
        for (PiiRecognizer recognizer : recognizers) {
            recognizer.find(text, all);
        }
        if (all.size() < 2) {
            return all;
        }
        all.sort(Comparator.comparing(PiiFinding::kind).thenComparing(f -> f.start() - f.end()));
        TreeMap<Integer, PiiFinding> kept = new TreeMap<>(); // by start; kept findings never overlap
        for (PiiFinding finding : all) {
            Map.Entry<Integer, PiiFinding> before = kept.floorEntry(finding.start());
            Map.Entry<Integer, PiiFinding> after = kept.ceilingEntry(finding.start());
            if ((before == null || !before.getValue().overlaps(finding))
                    && (after == null || !after.getValue().overlaps(finding))) {
                kept.put(finding.start(), finding);
            }
        }
        return new ArrayList<>(kept.values());
    }
}
