package io.camelgateway.routing.semantic;

import java.util.List;
import java.util.Map;

/**
 * Tier 3: a language model that reads the intents' descriptions and picks one for a prompt. It runs only when
 * tiers 1 and 2 are unsure, under a time budget that {@link ClassifierTier} enforces.
 */
public interface IntentClassifier extends AutoCloseable {

    /**
     * Each intent's probability for the text, best first; only the intents the model chose between are present.
     * Blocks while the model runs, and may throw: the router then keeps tier 2's best guess.
     */
    Map<String, Double> classify(String text, List<Intent> intents) throws Exception;

    /** What it is, for logs and the dry run: "local:classifier-models/qwen", "remote:gpt-4o-mini". */
    String describe();

    @Override
    default void close() {
    }
}
