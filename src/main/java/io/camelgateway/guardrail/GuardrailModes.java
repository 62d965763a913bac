package io.camelgateway.guardrail;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A guardrail's mode (or a setting like it) read by name, as gateway.yaml, team policies and properties write it. */
public final class GuardrailModes {
    private GuardrailModes() {
    }

    /** @throws IllegalArgumentException naming the modes there are */
    public static <M extends Enum<M>> M parse(Class<M> modes, String name) {
        String given = name == null ? "" : name.trim();
        // YAML reads a bare off as the boolean false: it means off
        String key = "false".equals(given) ? "off" : given;
        try {
            return Enum.valueOf(modes, key.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not one of " + Arrays.stream(modes.getEnumConstants())
                    .map(GuardrailModes::label).collect(Collectors.joining(", ")));
        }
    }

    /** The mode as written: "block". */
    public static String label(Enum<?> mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
