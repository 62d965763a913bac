package io.camelgateway.limits;

import java.util.Locale;

/**
 * What a limit or a budget belongs to: a caller's key (by its name), a team, or a model (by the name callers ask
 * for). Refusals name it to the caller only when it is theirs to know ({@link #toCaller}).
 */
public record Scope(Kind kind, String name) {
    public enum Kind {
        KEY, TEAM, MODEL;

        /** The metrics' label. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a refusal names it: the caller's own key, their own team, or the model they asked for. */
    public String toCaller() {
        return switch (kind) {
            case KEY -> "your key";
            case TEAM -> "your team '" + name + "'";
            case MODEL -> "the model '" + name + "'";
        };
    }

    /** How the store and Redis name it. */
    public String id() {
        return kind.label() + ":" + name;
    }
}
