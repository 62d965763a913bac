package io.camelgateway.routing.semantic;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What an intents file declares: its intents, and the intent that prompts no tier is sure of go to (its
 * {@code fallback:}). A file without a fallback lets tier 2's best guess stand.
 *
 * @param fallback an intent of the file, or empty
 */
public record IntentsFile(List<Intent> intents, Optional<String> fallback) {

    public IntentsFile {
        intents = List.copyOf(intents);
        if (fallback.isPresent() && intents.stream().noneMatch(i -> i.name().equals(fallback.get()))) {
            throw new IllegalArgumentException("fallback: '" + fallback.get() + "' is not one of the intents ("
                    + String.join(", ", intents.stream().map(Intent::name).toList()) + ")");
        }
    }

    public static IntentsFile withoutFallback(List<Intent> intents) {
        return new IntentsFile(intents, Optional.empty());
    }

    /**
     * Where a prompt goes when no tier has a guess (a message with no text): the fallback, else the file's first
     * intent.
     */
    public String withoutAGuess() {
        return fallback.orElse(intents.get(0).name());
    }

    /** The same file with each intent changed (fewer examples, a fitted threshold). */
    public IntentsFile map(UnaryOperator<Intent> change) {
        return new IntentsFile(intents.stream().map(change).toList(), fallback);
    }

    /** The same file with these intents' thresholds set (the others keep theirs). */
    public IntentsFile withThresholds(Map<String, Double> thresholds) {
        return map(i -> new Intent(i.name(), i.description(), i.examples(), i.keywords(), i.patterns(),
                thresholds.getOrDefault(i.name(), i.threshold())));
    }

    /** One line for the log: where prompts that no tier is sure of go. */
    public String describeFallback(boolean classifier) {
        String unsure = fallback.map(f -> "go to intent '" + f + "' (the file's fallback)")
                .orElse("keep tier 2's best guess (the file declares no fallback)");
        return classifier ? "prompts tiers 2 and 3 are unsure of " + unsure : "prompts tier 2 is unsure of " + unsure;
    }
}
