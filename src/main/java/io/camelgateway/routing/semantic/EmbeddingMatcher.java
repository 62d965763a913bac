package io.camelgateway.routing.semantic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.camelgateway.embedding.EmbeddingBatcher;
import io.camelgateway.embedding.SentenceEmbedder;
import io.camelgateway.embedding.StaticEmbeddings;

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
    private final Function<long[], CompletableFuture<float[]>> encoder;
    private final int window;
    private final Map<String, float[]> centroids = new LinkedHashMap<>();

    public EmbeddingMatcher(List<Intent> intents, SentenceEmbedder embedder) {
        this(intents, embedder, DEFAULT_WINDOW);
    }

    /** @param window the routing window, 3 to 256 word pieces */
    public EmbeddingMatcher(List<Intent> intents, SentenceEmbedder embedder, int window) {
        this(intents, embedder, window, null);
    }

    /**
     * @param batcher runs the prompts' embeddings in batches with other callers' ({@link #scoresLater}); null runs
     *                each on the caller's thread
     */
    public EmbeddingMatcher(List<Intent> intents, SentenceEmbedder embedder, int window, EmbeddingBatcher batcher) {
        this(intents, embedder, window, embedder::embedTokens, batcher == null
                ? ids -> CompletableFuture.completedFuture(embedder.embedTokens(ids)) : batcher::submit);
    }

    /**
     * Tier 2 over a static table distilled from the embedder's model: the same word pieces (the embedder's
     * tokenizer), the same window and parts, a table look-up in place of the model. Its centroids are the table's
     * own, so its scores compare only with each other.
     */
    public static EmbeddingMatcher overTable(List<Intent> intents, SentenceEmbedder embedder, int window,
                                             StaticEmbeddings table) {
        return new EmbeddingMatcher(intents, embedder, window, table::embed,
                ids -> CompletableFuture.completedFuture(table.embed(ids)));
    }

    /** @param encoder the examples' vectors, at once; encoderLater: the prompts', batched where there is a batcher */
    private EmbeddingMatcher(List<Intent> intents, SentenceEmbedder embedder, int window,
                             Function<long[], float[]> encoder, Function<long[], CompletableFuture<float[]>> encoderLater) {
        this.embedder = embedder;
        this.encoder = encoderLater;
        this.window = window;
        for (Intent intent : intents) {
            List<String> texts = new ArrayList<>(intent.examples());
            if (!intent.description().isBlank()) {
                texts.add(intent.description());
            }
            List<float[]> vectors = new ArrayList<>(texts.size());
            texts.forEach(text -> vectors.add(encoder.apply(embedder.tokenIds(text))));
            centroids.put(intent.name(), centroid(vectors));
        }
    }

    /** Every intent's score for the text, best first. Blocks while the model runs (once, or twice with material). */
    public Map<String, Double> scores(String text) {
        return scores(PromptParts.of(text));
    }

    /** Every intent's score for a prompt read for its parts, best first. Blocks until the model has run. */
    public Map<String, Double> scores(PromptParts parts) {
        return scoresLater(parts).join();
    }

    /**
     * Every intent's score for a prompt read for its parts, best first, once the model has run: in a batch with
     * other prompts when there is a batcher (the request and the material can share it), else at once on this
     * thread. Fails with {@link java.util.concurrent.RejectedExecutionException} when the batcher's queue is full.
     */
    public CompletableFuture<Map<String, Double>> scoresLater(PromptParts parts) {
        CompletableFuture<float[]> request = embed(parts.request(), window);
        if (!parts.hasMaterial()) {
            return request.thenApply(this::scores);
        }
        CompletableFuture<float[]> material = embed(parts.material(), Math.min(window, MATERIAL_WINDOW));
        return request.thenCombine(material, (r, m) -> combined(scores(r), scores(m)));
    }

    private CompletableFuture<float[]> embed(String text, int maxTokens) {
        return encoder.apply(embedder.tokenIds(text, maxTokens));
    }

    private Map<String, Double> combined(Map<String, Double> request, Map<String, Double> material) {
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
        return SentenceEmbedder.unitLength(sum);
    }
}
