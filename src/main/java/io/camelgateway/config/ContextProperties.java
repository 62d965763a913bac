package io.camelgateway.config;

import java.time.Duration;

import org.apache.camel.CamelContext;

/**
 * The gateway's properties as its Camel context resolves them: the application's own, else their environment
 * variables, else gateway-defaults.properties.
 */
public final class ContextProperties {
    private ContextProperties() {
    }

    /** The property's value, trimmed. */
    public static String text(CamelContext context, String key) {
        return context.resolvePropertyPlaceholders("{{" + key + "}}").trim();
    }

    /** The property's value, trimmed, or the fallback when nothing sets it. */
    public static String text(CamelContext context, String key, String fallback) {
        return context.resolvePropertyPlaceholders("{{" + key + ":" + fallback + "}}").trim();
    }

    /** A numeric property; a value that is not a number stops the start, naming the key. */
    public static double number(CamelContext context, String key) {
        String value = text(context, key);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a number");
        }
    }

    /** A property in milliseconds. */
    public static Duration millis(CamelContext context, String key) {
        return Duration.ofMillis((long) number(context, key));
    }
}
