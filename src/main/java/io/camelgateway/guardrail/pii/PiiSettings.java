package io.camelgateway.guardrail.pii;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.camelgateway.config.ConfigSection;

/**
 * gateway.yaml's {@code guardrails.pii} block.
 *
 * @param mode          what the guard does when neither the route step nor the caller's team says
 * @param privateModel  where mode route sends a request with PII that asked for a model that is not private
 * @param answers       whether answers are scanned for PII that was not the caller's own: off, flag, redact
 * @param kinds         the kinds looked for
 * @param phoneRegion   the country whose national phone numbers are recognised without +country code
 * @param secretMinLength the shortest token judged a secret by its entropy alone
 * @param secretMinBits the entropy such a token needs, in bits per char
 */
public record PiiSettings(PiiMode mode, String privateModel, AnswerMode answers, Set<PiiKind> kinds,
                          String phoneRegion, int secretMinLength, double secretMinBits) {
    public static final PiiSettings DEFAULTS = new PiiSettings(PiiMode.OFF, null, AnswerMode.OFF,
            EnumSet.allOf(PiiKind.class), "US", PiiScanner.SECRET_MIN_LENGTH, PiiScanner.SECRET_MIN_BITS);

    public static PiiSettings read(ConfigSection block) {
        if (!block.present()) {
            return DEFAULTS;
        }
        PiiMode mode;
        AnswerMode answers;
        Set<PiiKind> kinds = EnumSet.noneOf(PiiKind.class);
        try {
            mode = PiiMode.named(block.text("mode", "off"));
        } catch (IllegalArgumentException e) {
            throw block.invalid("mode", e.getMessage());
        }
        try {
            answers = AnswerMode.named(block.text("answers", "off"));
        } catch (IllegalArgumentException e) {
            throw block.invalid("answers", e.getMessage());
        }
        List<String> listed = block.list("kinds");
        try {
            listed.forEach(k -> kinds.add(PiiKind.fromId(k)));
        } catch (IllegalArgumentException e) {
            throw block.invalid("kinds", e.getMessage() + "; the kinds are email, phone, card, iban, national_id, "
                    + "ip_address, secret");
        }
        double bits = block.node().has("secretMinBits") ? block.node().get("secretMinBits").asDouble()
                : PiiScanner.SECRET_MIN_BITS;
        return new PiiSettings(mode, block.text("privateModel", null), answers,
                listed.isEmpty() ? EnumSet.allOf(PiiKind.class) : kinds, block.text("phoneRegion", "US"),
                block.integer("secretMinLength", PiiScanner.SECRET_MIN_LENGTH), bits);
    }

    public PiiScanner scanner() {
        return new PiiScanner(kinds, phoneRegion, secretMinLength, secretMinBits);
    }
}
