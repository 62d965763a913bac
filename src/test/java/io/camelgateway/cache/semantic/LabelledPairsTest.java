package io.camelgateway.cache.semantic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelgateway.GatewayDefaults;
import io.camelgateway.cache.CacheMeters;
import io.camelgateway.embedding.SentenceEmbedder;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The semantic cache's hit and false-hit rates on the labelled pairs (src/test/resources/cache/semantic-pairs.tsv),
 * with the threshold the gateway ships: at least 90% of paraphrases hit, at most 1% of near misses do.
 */
class LabelledPairsTest {
    static SentenceEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = SentenceEmbedder.load(1);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    record Pair(boolean shouldHit, String kind, String stored, String asked) {
    }

    @Test
    void paraphrasesHitAndNearMissesDoNot() throws Exception {
        double threshold = shippedThreshold();
        List<Pair> pairs = pairs();
        int paraphrases = 0;
        int paraphraseHits = 0;
        int nearMisses = 0;
        int falseHits = 0;
        int nearMissesOverThreshold = 0;
        Map<String, int[]> byKind = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        List<String> caught = new ArrayList<>();
        for (Pair pair : pairs) {
            SemanticCache.Verdict verdict = verdict(pair, threshold);
            boolean hit = verdict.hit() != null;
            int[] counts = byKind.computeIfAbsent(pair.kind(), k -> new int[2]);
            counts[0]++;
            if (hit) {
                counts[1]++;
            }
            if (pair.shouldHit()) {
                paraphrases++;
                paraphraseHits += hit ? 1 : 0;
            } else {
                nearMisses++;
                falseHits += hit ? 1 : 0;
                if (verdict.closest() >= threshold) {
                    nearMissesOverThreshold++;
                    caught.add(String.format(Locale.ROOT, "  %s %.3f %s | %s", pair.kind(), verdict.closest(),
                            pair.stored(), pair.asked()));
                }
            }
            if (hit != pair.shouldHit()) {
                wrong.add(String.format(Locale.ROOT, "  %s %.3f %s | %s | %s", pair.kind(), verdict.closest(),
                        verdict.reason(), pair.stored(), pair.asked()));
            }
        }
        double hitRate = 100.0 * paraphraseHits / paraphrases;
        double falseHitRate = 100.0 * falseHits / nearMisses;
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "Semantic cache at threshold %.2f: paraphrases hit %d/%d (%.1f%%), near misses hit %d/%d (%.1f%%); "
                        + "without the near-miss guard %d near misses would hit%n",
                threshold, paraphraseHits, paraphrases, hitRate, falseHits, nearMisses, falseHitRate,
                nearMissesOverThreshold));
        byKind.forEach((kind, c) -> report.append(String.format(Locale.ROOT, "  %-10s %3d pairs, %3d hits%n",
                kind, c[0], c[1])));
        report.append("Wrong:\n").append(String.join("\n", wrong));
        report.append("\nNear misses over the threshold that the guard turned away:\n")
                .append(String.join("\n", caught));
        System.out.println(report);
        assertTrue(paraphrases >= 150 && nearMisses >= 150, "the labelled set is at least 150 pairs of each");
        assertTrue(hitRate >= 90, report.toString());
        assertTrue(falseHitRate <= 1, report.toString());
    }

    /** What the cache answers for the asked prompt with only the stored one in its context. */
    private static SemanticCache.Verdict verdict(Pair pair, double threshold) {
        SemanticIndex index = new SemanticIndex(10, 10, 1 << 20, Duration.ofHours(1), Clock.systemUTC());
        SemanticCache cache = new SemanticCache(() -> embedder, index, 1000, 65536, Clock.systemUTC(),
                exchange -> "key:test", new CacheMeters(new SimpleMeterRegistry(), SemanticCache.SEMANTIC));
        index.put(new SemanticIndex.Entry("context", embedder.embed(pair.stored()), pair.stored(),
                PromptFacts.of(pair.stored()), new byte[0], threshold, 0, System.currentTimeMillis()));
        ContextKey asked = new ContextKey("context", pair.asked(), null);
        return cache.search(asked, embedder.embed(pair.asked()), PromptFacts.of(pair.asked()), threshold);
    }

    static double shippedThreshold() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            GatewayDefaults.addTo(context);
            return Double.parseDouble(context.resolvePropertyPlaceholders("{{gateway.cache.semantic.threshold}}"));
        }
    }

    static List<Pair> pairs() throws IOException {
        List<Pair> pairs = new ArrayList<>();
        try (InputStream in = LabelledPairsTest.class.getResourceAsStream("/cache/semantic-pairs.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                pairs.add(new Pair("hit".equals(f[0]), f[1], f[2], f[3]));
            }
        }
        return pairs;
    }
}
