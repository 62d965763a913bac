package io.camelgateway.guardrail.injection;

import java.util.Arrays;
import java.util.Locale;

/** What the prompt-injection guard does with a request it finds an injection in. */
public enum InjectionMode {
    /** Refuse it: 400 prompt_injection_detected; no provider sees it. */
    BLOCK,
    /** Let it through, marked: the x-gateway-guardrail header and the audit record say so. */
    FLAG,
    /** Do not check. */
    OFF;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the modes there are */
    public static InjectionMode named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not a prompt-injection mode: "
                    + String.join(", ", Arrays.stream(values()).map(InjectionMode::label).toList()));
        }
    }
}
