package io.camelgateway.routing.semantic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelgateway.embedding.SentenceEmbedder;

/**
 * Tier 2: embedding similarity. Each intent's examples and description are embedded once, when the intents load,
 * and averaged into the intent's centroid; a prompt's score for an intent is its cosine similarity to that
 * centroid. A prompt that carries pasted material ({@link PromptParts}) is scored on its request and its material
 * apart, the request weighing three times as much: what the caller asks decides, what they pasted helps. Each
 * part is embedded over its first word pieces only (the routing window): the model's time grows with the length.
 */
public final class EmbeddingMatcher {
    /** The routing window in word pieces, [CLS] and [SEP] included (gateway.routing.window-tokens). */
    public static final int DEFAULT_WINDOW = 32;
    /** Pasted material is embedded over its first 16 word pieces: what kind of text it is shows early. */
    static final int MATERIAL_WINDOW = 16;
    /** How much the request counts against the material, when a prompt has both. */
    static final double REQUEST_WEIGHT = 0.75;

    private final SentenceEmbedder embedder;
    private final int window;
    private final Map<String, float[]> centroids = new LinkedHashMap<>();

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
            centroids.put(intent.name(), centroid(embedder.embedAll(texts)));
        }
    }

    /** Every intent's score for the text, best first. Blocks while the model runs (once, or twice with material). */
    public Map<String, Double> scores(String text) {
        return scores(PromptParts.of(text));
    }

    /** Every intent's score for a prompt read for its parts, best first. */
    public Map<String, Double> scores(PromptParts parts) {
        if (!parts.hasMaterial()) {
            return scores(embedder.embed(parts.request(), window));
        }
        Map<String, Double> request = scores(embedder.embed(parts.request(), window));
        Map<String, Double> material = scores(embedder.embed(parts.material(), Math.min(window, MATERIAL_WINDOW)));
        Map<String, Double> combined = new LinkedHashMap<>();
        centroids.keySet().forEach(intent -> combined.put(intent,
                REQUEST_WEIGHT * request.get(intent) + (1 - REQUEST_WEIGHT) * material.get(intent)));
        return ranked(combined);
    }

    public Map<String, Double> scores(float[] prompt) {
        Map<String, Double> scores = new LinkedHashMap<>();
        centroids.forEach((intent, centroid) -> scores.put(intent, SentenceEmbedder.cosine(prompt, centroid)));
        return ranked(scores);
    }

    private static Map<String, Double> ranked(Map<String, Double> scores) {
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(scores.entrySet());
        sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        Map<String, Double> ordered = new LinkedHashMap<>();
        sorted.forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    /** The mean of unit vectors, made unit length again. */
    private static float[] centroid(List<float[]> vectors) {
        float[] sum = new float[vectors.get(0).length];
        for (float[] v : vectors) {
            for (int d = 0; d < sum.length; d++) {
                sum[d] += v[d];
            }
        }
        double norm = 0;
        for (float x : sum) {
            norm += x * x;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < sum.length; d++) {
            sum[d] *= scale;
        }
        return sum;
    }
}
