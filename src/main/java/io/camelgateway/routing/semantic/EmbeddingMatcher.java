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
 * does not decide on its own.
 */
public final class EmbeddingMatcher {
    static final int TOP_K = 3;

    private final SentenceEmbedder embedder;
    private final Map<String, float[][]> references = new LinkedHashMap<>();

    public EmbeddingMatcher(List<Intent> intents, SentenceEmbedder embedder) {
        this.embedder = embedder;
        for (Intent intent : intents) {
            List<String> texts = new ArrayList<>(intent.examples());
            if (!intent.description().isBlank()) {
                texts.add(intent.description());
            }
            references.put(intent.name(), embedder.embedAll(texts).toArray(float[][]::new));
        }
    }

    /** Every intent's score for the text, best first. Blocks while the model runs. */
    public Map<String, Double> scores(String text) {
        return scores(embedder.embed(text));
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
