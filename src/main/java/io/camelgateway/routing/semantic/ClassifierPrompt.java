package io.camelgateway.routing.semantic;

import java.util.List;

/**
 * The instruction a tier-3 classifier reads: the intents with their descriptions, the user's message, and a cue
 * whose answer is one intent name. Local and remote classifiers share it.
 */
public final class ClassifierPrompt {
    private ClassifierPrompt() {
    }

    /** The instruction: what to do and the intents to choose from. */
    public static String instruction(List<Intent> intents) {
        StringBuilder text = new StringBuilder(
                "Classify the user's message into exactly one of these intents. Answer with the intent name only.\n");
        for (Intent intent : intents) {
            text.append("- ").append(intent.name());
            if (!intent.description().isBlank()) {
                text.append(": ").append(intent.description());
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** The whole prompt for a completion model; the next words it writes are the intent's name. */
    public static String completion(List<Intent> intents, String message) {
        return instruction(intents) + "\nMessage: " + message.replace('\n', ' ') + "\nIntent:";
    }
}
