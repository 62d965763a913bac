package io.camelgateway.guardrail.pii;

import java.util.Locale;

/** What the guard does with PII in an answer that was not the caller's own. */
public enum AnswerMode {
    /** Answers are not scanned. */
    OFF,
    /** Counted in the audit record and the metrics; the answer is left as it is. */
    FLAG,
    /** Each value is replaced with its kind, {@code [EMAIL]}, before the caller sees it. */
    REDACT;

    /** The mode by its name; YAML reads an unquoted off as false, which means off here too. */
    public static AnswerMode parse(String mode) {
        if ("false".equals(mode)) {
            return OFF;
        }
        try {
            return valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + mode + "' is not an answer mode: off, flag or redact");
        }
    }
}
