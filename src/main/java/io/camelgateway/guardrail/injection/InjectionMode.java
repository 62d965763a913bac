package io.camelgateway.guardrail.injection;

import io.camelgateway.guardrail.GuardrailModes;

/** What the prompt-injection guard does with a request it finds an injection in. */
public enum InjectionMode {
    /** Refuse it: 400 prompt_injection_detected; no provider sees it. */
    BLOCK,
    /** Let it through, marked: the x-gateway-guardrail header and the audit record say so. */
    FLAG,
    /** Do not check. */
    OFF;

    public String label() {
        return GuardrailModes.label(this);
    }

    /** @throws IllegalArgumentException naming the modes there are */
    public static InjectionMode named(String name) {
        return GuardrailModes.parse(InjectionMode.class, name);
    }
}
