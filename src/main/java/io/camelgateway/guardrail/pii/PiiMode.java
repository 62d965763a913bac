package io.camelgateway.guardrail.pii;

import java.util.Locale;

/** What the guard does with a request that holds PII. */
public enum PiiMode {
    /** Nothing: the guard does not look. */
    OFF,
    /** Each value becomes a placeholder for the provider, and the answer gets the values back. */
    REDACT,
    /** The request is refused: 400 pii_detected, naming the kinds found. */
    BLOCK,
    /** The request goes only to a model of a provider marked private. */
    ROUTE;

    /** The mode by its name; YAML reads an unquoted off as false, which means off here too. */
    public static PiiMode parse(String mode) {
        if ("false".equals(mode)) {
            return OFF;
        }
        try {
            return valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + mode + "' is not a PII mode: off, redact, block or route");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
