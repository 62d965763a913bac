package io.camelgateway.embedding;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled MiniLM model runs offline and places paraphrases closer than unrelated texts. */
class SentenceEmbedderTest {
    static SentenceEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = SentenceEmbedder.load(2);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void vectorsHave384UnitLengthDimensions() {
        float[] v = embedder.embed("What's the weather like?");
        assertEquals(384, v.length);
        assertEquals(1.0, SentenceEmbedder.cosine(v, v), 1e-4);
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedTexts() {
        float[] weather = embedder.embed("What's the weather like?");
        float[] paraphrase = embedder.embed("How's the weather today?");
        float[] unrelated = embedder.embed("Fix this NullPointerException in my Java stack trace");
        double close = SentenceEmbedder.cosine(weather, paraphrase);
        double far = SentenceEmbedder.cosine(weather, unrelated);
        assertTrue(close > 0.6, "paraphrase similarity " + close);
        assertTrue(far < 0.3, "unrelated similarity " + far);
    }

    @Test
    void longInputIsTruncatedToTheModelWindow() {
        String longText = "word ".repeat(2000);
        assertEquals(256, embedder.tokenCount(longText));
        assertEquals(384, embedder.embed(longText).length);
    }

    @Test
    void sameTextGivesTheSameVectorAcrossThreads() throws Exception {
        float[] expected = embedder.embed("Translate this sentence into French");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<float[]>>();
            for (int i = 0; i < 16; i++) {
                futures.add(pool.submit(() -> embedder.embed("Translate this sentence into French")));
            }
            for (var f : futures) {
                assertEquals(1.0, SentenceEmbedder.cosine(expected, f.get()), 1e-5);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
