package io.camelgateway.routing.semantic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.embedding.SentenceEmbedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 3's place in the router: it runs only when tiers 1 and 2 are unsure, its answer decides, and when it
 * times out or fails, tier 2's best guess stands. The classifier here is a stand-in with a scripted answer (the
 * real model path is CausalLmClassifierTest); tiers 1 and 2 are the real ones.
 */
class ClassifierTierTest {
    static SentenceEmbedder embedder;
    static List<Intent> intents = List.of(
            new Intent("code", "Writing or fixing software.", List.of("Fix my Python function"), List.of("regex"),
                    List.of()),
            new Intent("cooking", "Recipes and cooking.", List.of("How long do I boil an egg?"), List.of(),
                    List.of()),
            new Intent("general_chat", "Anything else.", List.of("Hello, how are you?"), List.of(), List.of()));

    @BeforeAll
    static void load() {
        embedder = SentenceEmbedder.load(1);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    /** A classifier that answers an intent after a delay, or fails. */
    record Scripted(String answer, Duration delay) implements IntentClassifier {
        static int calls;

        @Override
        public Map<String, Double> classify(String text, List<Intent> intents) throws Exception {
            calls++;
            Thread.sleep(delay.toMillis());
            if (answer == null) {
                throw new IllegalStateException("model exploded");
            }
            Map<String, Double> scores = new LinkedHashMap<>();
            scores.put(answer, 0.9);
            return scores;
        }

        @Override
        public String describe() {
            return "scripted";
        }
    }

    private static SemanticRouter router(IntentClassifier classifier, Duration budget, double minScore) {
        return new SemanticRouter(new IntentsFile(intents, Optional.of("general_chat")), new KeywordMatcher(intents), new EmbeddingMatcher(intents, embedder),
                classifier == null ? null : new ClassifierTier(classifier, budget, 1),
                new SemanticRouter.Settings(minScore, 0.03));
    }

    @Test
    void unsureTier2HandsTheDecisionToTheClassifier() {
        RoutingDecision d = router(new Scripted("cooking", Duration.ZERO), Duration.ofSeconds(5), 0.99)
                .decide(ask("my sourdough starter smells odd"));
        assertEquals("cooking", d.intent());
        assertEquals(SemanticRouter.CLASSIFIER, d.tier());
        assertEquals(Map.of("cooking", 0.9), d.classifierScores());
        assertEquals("scripted", d.classifier());
    }

    @Test
    void classifierDoesNotRunWhenAnEarlierTierDecides() {
        Scripted.calls = 0;
        SemanticRouter router = router(new Scripted("cooking", Duration.ZERO), Duration.ofSeconds(5), 0.0);
        assertEquals(SemanticRouter.KEYWORD, router.decide(ask("this regex fails")).tier());
        assertEquals(SemanticRouter.EMBEDDING, router.decide(ask("How long should pasta boil?")).tier());
        assertEquals(0, Scripted.calls);
    }

    @Test
    void dryRunRunsEveryTierButDecidesTheSame() {
        SemanticRouter router = router(new Scripted("cooking", Duration.ZERO), Duration.ofSeconds(5), 0.0);
        RoutingDecision d = router.decide(ask("this regex fails"), true);
        assertEquals("code", d.intent());
        assertEquals(SemanticRouter.KEYWORD, d.tier());
        assertEquals(3, d.embeddingScores().size());
        assertEquals(Map.of("cooking", 0.9), d.classifierScores());
    }

    @Test
    void timeoutKeepsTier2sBestGuess() {
        long start = System.nanoTime();
        RoutingDecision d = router(new Scripted("code", Duration.ofSeconds(3)), Duration.ofMillis(100), 0.99)
                .decide(ask("How long should pasta boil?"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("cooking", d.intent(), "tier 2's best guess");
        assertEquals(SemanticRouter.EMBEDDING, d.tier());
        assertTrue(d.classifierNote().startsWith("timed out after 100 ms"), d.classifierNote());
        assertTrue(millis < 1500, "the budget bounds the wait: " + millis + " ms");
    }

    @Test
    void failureKeepsTier2sBestGuess() {
        RoutingDecision d = router(new Scripted(null, Duration.ZERO), Duration.ofSeconds(5), 0.99)
                .decide(ask("How long should pasta boil?"));
        assertEquals("cooking", d.intent());
        assertEquals(SemanticRouter.EMBEDDING, d.tier());
        assertTrue(d.classifierNote().contains("model exploded"), d.classifierNote());
    }

    @Test
    void withoutAClassifierAnUnsureTier2GoesToTheFallback() {
        RoutingDecision d = router(null, Duration.ZERO, 0.99).decide(ask("How long should pasta boil?"));
        assertEquals("general_chat", d.intent());
        assertEquals(SemanticRouter.DEFAULT, d.tier());
        assertFalse(d.embeddingScores().isEmpty());
    }

    @Test
    void imageOnlyOrEmptyContentGoesToTheDefaultWithoutAnyModel() {
        Scripted.calls = 0;
        RoutingDecision d = router(new Scripted("code", Duration.ZERO), Duration.ofSeconds(5), 0.99).decide(ask(" "));
        assertEquals(SemanticRouter.DEFAULT, d.tier());
        assertEquals(0, Scripted.calls);
    }

    @Test
    void theNewestUserMessageIsWhatIsRouted() {
        ChatRequest request = new ChatRequest();
        request.messages = List.of(new ChatMessage("system", "You are a regex helper"),
                new ChatMessage("user", "this regex fails"), new ChatMessage("assistant", "Show me the regex"),
                new ChatMessage("user", "How long should pasta boil?"));
        assertEquals("cooking", router(null, Duration.ZERO, 0.0).decide(request).intent());
    }

    static ChatRequest ask(String text) {
        ChatRequest request = new ChatRequest();
        request.model = "auto";
        request.messages = List.of(new ChatMessage("user", text));
        return request;
    }
}
