package io.camelgateway.config;

import java.time.Duration;

/** Durations as configuration writes them: milliseconds ({@code 500}, {@code 500ms}), or {@code 30s}, {@code 2m}. */
public final class Durations {
    private Durations() {
    }

    /** @throws IllegalArgumentException naming the accepted forms, when the value is none of them */
    public static Duration parse(String value) {
        try {
            if (value.matches("\\d+(ms)?")) {
                return Duration.ofMillis(Long.parseLong(value.replace("ms", "")));
            }
            return Duration.parse("PT" + value.toUpperCase());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + value
                    + "' is not a duration (use milliseconds, or 500ms, 30s, 2m)");
        }
    }
}
