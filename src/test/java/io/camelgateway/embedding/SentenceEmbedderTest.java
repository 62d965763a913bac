package io.camelgateway.embedding;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void cosineIsTheDotProductWhateverTheLength() {
        for (int length = 0; length <= 9; length++) {
            float[] a = new float[length];
            float[] b = new float[length];
            double dot = 0;
            for (int i = 0; i < length; i++) {
                a[i] = i + 1;
                b[i] = 10 - i;
                dot += a[i] * b[i];
            }
            assertEquals(dot, SentenceEmbedder.cosine(a, b), 1e-9, "length " + length);
        }
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
    void idsAreTokenisedOnceAndEmbedTheSame() {
        String text = "Translate this sentence into French";
        long[] ids = embedder.tokenIds(text);
        assertEquals(embedder.tokenCount(text), ids.length);
        assertEquals(1.0, SentenceEmbedder.cosine(embedder.embed(text), embedder.embedTokens(ids)), 1e-6);
    }

    @Test
    void windowKeepsTheFirstPiecesAndEndsWithSep() {
        long[] ids = {101, 1, 2, 3, 4, 5, 102};
        assertArrayEquals(new long[] {101, 1, 2, 102}, SentenceEmbedder.window(ids, 4));
        assertSame(ids, SentenceEmbedder.window(ids, 7));
        assertSame(ids, SentenceEmbedder.window(ids, 256));
        assertThrows(IllegalArgumentException.class, () -> SentenceEmbedder.window(ids, 2));
        assertThrows(IllegalArgumentException.class, () -> SentenceEmbedder.window(ids, 257));
    }

    @Test
    void routingWindowEmbedsOnlyTheStartOfALongText() {
        String start = "Why does my Java service throw a NullPointerException when the queue is empty?";
        String text = start + " " + "Also, tell me about the history of the Roman empire and its emperors. ".repeat(20);
        assertEquals(embedder.tokenCount(start), embedder.tokenIds(start).length);
        int startPieces = embedder.tokenCount(start);
        // The window of exactly the start's pieces is the start's own embedding: [CLS] start [SEP].
        assertEquals(1.0, SentenceEmbedder.cosine(embedder.embed(start), embedder.embed(text, startPieces)), 1e-5);
        assertEquals(1.0, SentenceEmbedder.cosine(embedder.embed(start), embedder.embed(start, 256)), 1e-6);
        assertTrue(SentenceEmbedder.cosine(embedder.embed(start), embedder.embed(text)) < 0.9);
    }

    @Test
    void startOfALongTextGivesTheSamePiecesAsTheWholeText() {
        String[] words = {"the", "Queue", "émigré", "naïve", "東京", "tl;dr", "x^2", "NullPointerException", "don't",
                "...", "—", "\n", "\t", "  ", "a".repeat(120), "Straße", "İstanbul", "42,000", "e-mail", "(see)"};
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 60; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(3000);
            while (text.length() < length) {
                text.append(words[random.nextInt(words.length)]).append(random.nextInt(6) == 0 ? "" : " ");
            }
            long[] whole = embedder.wholeTextIds(text.toString());
            for (int maxTokens : new int[] {3, 5, 16, 32, 64, 128, 256}) {
                assertArrayEquals(SentenceEmbedder.window(whole, maxTokens),
                        embedder.tokenIds(text.toString(), maxTokens), "window " + maxTokens + " of: " + text);
            }
        }
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
