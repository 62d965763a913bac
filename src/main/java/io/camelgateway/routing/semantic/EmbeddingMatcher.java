package io.camelgateway.routing.semantic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelgateway.embedding.SentenceEmbedder;

/**
 * Tier 2: embedding similarity. Each intent's examples and description are embedded once, when the intents load;
 * a prompt's score for an intent is the mean of its top-k cosine similarities to them, so one lucky example
 * does not decide on its own. A prompt is embedded over its first word pieces only (the routing window): the
 * model's time grows with the length, and the start of a message mostly says what it is about.
 */
public final class EmbeddingMatcher {
    static final int TOP_K = 3;
    /** The routing window in word pieces, [CLS] and [SEP] included (gateway.routing.window-tokens). */
    public static final int DEFAULT_WINDOW = 32;

    private final SentenceEmbedder embedder;
    private final int window;
    private final Map<String, float[][]> references = new LinkedHashMap<>();

    public EmbeddingMatcher(List<Intent> intents, SentenceEmbedder embedder) {
        this(intents, embedder, DEFAULT_WINDOW);
    }

    /** @param window the routing window, 3 to 256 word pieces */
    public EmbeddingMatcher(List<Intent> intents, SentenceEmbedder embedder, int window) {
        this.embedder = embedder;
        this.window = window;
        for (Intent intent : intents) {
            List<String> texts = new ArrayList<>(intent.examples());
            if (!intent.description().isBlank()) {
                texts.add(intent.description());
            }
            references.put(intent.name(), embedder.embedAll(texts).toArray(float[][]::new));
        }
    }

    /** Every intent's score for the text (its routing window), best first. Blocks while the model runs. */
    public Map<String, Double> scores(String text) {
        return scores(embedder.embed(text, window));
    }

    public Map<String, Double> scores(float[] prompt) {
        List<Map.Entry<String, Double>> scored = new ArrayList<>();
        references.forEach((intent, vectors) -> scored.add(Map.entry(intent, topKMean(prompt, vectors))));
        scored.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        Map<String, Double> ordered = new LinkedHashMap<>();
        scored.forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    private static double topKMean(float[] prompt, float[][] vectors) {
        double[] similarities = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            similarities[i] = SentenceEmbedder.cosine(prompt, vectors[i]);
        }
        Arrays.sort(similarities);
        int k = Math.min(TOP_K, similarities.length);
        double sum = 0;
        for (int i = similarities.length - k; i < similarities.length; i++) {
            sum += similarities[i];
        }
        return sum / k;
    }
}
