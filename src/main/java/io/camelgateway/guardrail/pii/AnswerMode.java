package io.camelgateway.guardrail.pii;

import io.camelgateway.guardrail.GuardrailModes;

/** What the guard does with PII in an answer that was not the caller's own. */
public enum AnswerMode {
    /** Answers are not scanned. */
    OFF,
    /** Counted in the audit record and the metrics; the answer is left as it is. */
    FLAG,
    /** Each value is replaced with its kind, {@code [EMAIL]}, before the caller sees it. */
    REDACT;

    /** @throws IllegalArgumentException naming the modes there are */
    public static AnswerMode named(String mode) {
        return GuardrailModes.parse(AnswerMode.class, mode);
    }
}
