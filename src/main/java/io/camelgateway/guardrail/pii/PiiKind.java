package io.camelgateway.guardrail.pii;

import java.util.Locale;

/** A kind of personal or secret value the PII guardrail recognises; its label names its placeholders. */
public enum PiiKind {
    SECRET("SECRET"),
    CARD("CARD"),
    IBAN("IBAN"),
    NATIONAL_ID("NATIONAL_ID"),
    EMAIL("EMAIL"),
    IP_ADDRESS("IP"),
    PHONE("PHONE");

    private final String label;

    PiiKind(String label) {
        this.label = label;
    }

    /** The placeholder's stem: {@code <EMAIL_1>}. */
    public String label() {
        return label;
    }

    /** The name configuration, errors and metrics use: email, phone, card, iban, national_id, ip_address, secret. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PiiKind fromId(String id) {
        for (PiiKind kind : values()) {
            if (kind.id().equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("'" + id + "' is not a PII kind");
    }
}
