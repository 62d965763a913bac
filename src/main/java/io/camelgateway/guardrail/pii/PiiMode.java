package io.camelgateway.guardrail.pii;

import io.camelgateway.guardrail.GuardrailModes;

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

    /** @throws IllegalArgumentException naming the modes there are */
    public static PiiMode named(String mode) {
        return GuardrailModes.parse(PiiMode.class, mode);
    }

    public String label() {
        return GuardrailModes.label(this);
    }
}
