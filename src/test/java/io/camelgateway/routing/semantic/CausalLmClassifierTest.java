package io.camelgateway.routing.semantic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 3's whole local path on a causal LM the test generates ({@link TinyCausalLm}): loading through DJL and ONNX
 * Runtime, the HuggingFace tokenizer, inference, the constrained choice over the intents' label tokens
 * (customer_finance and customer_support share their first tokens), truncation, and the time budget.
 */
class CausalLmClassifierTest {
    @TempDir
    static Path folder;
    static CausalLmClassifier classifier;

    // Descriptions carry no trigger words: the tiny model averages over the whole prompt.
    static final List<Intent> INTENTS = List.of(
            intent("code", "Programs."), intent("creative_writing", "Stories."),
            intent("customer_finance", "Own accounts."), intent("customer_support", "Orders."),
            intent("general_chat", "Anything else."));

    @BeforeAll
    static void load() throws Exception {
        TinyCausalLm.write(folder, Map.of("code", List.of("compiler", "bug"),
                "creative_writing", List.of("sonnet", "verse"), "customer_finance", List.of("overdraft"),
                "customer_support", List.of("refund"), "general_chat", List.of("hello")), 1000f);
        classifier = CausalLmClassifier.load(folder, Map.of());
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    static Intent intent(String name, String description) {
        return new Intent(name, description, List.of(), List.of(), List.of());
    }

    private static String choice(String text) throws Exception {
        return classifier.classify(text, INTENTS).keySet().iterator().next();
    }

    @Test
    void picksTheIntentTheModelPointsTo() throws Exception {
        assertEquals("code", choice("please fix the compiler bug"));
        assertEquals("creative_writing", choice("a sonnet in free verse"));
        assertEquals("general_chat", choice("hello there"));
    }

    @Test
    void namesThatShareTokensAreDecidedTokenByToken() throws Exception {
        assertEquals("customer_finance", choice("my overdraft is too high"));
        assertEquals("customer_support", choice("I want a refund"));
        Map<String, Double> scores = classifier.classify("my overdraft is too high", INTENTS);
        assertEquals(INTENTS.size(), scores.size(), scores.toString());
        assertTrue(scores.get("customer_finance") > 0.9, scores.toString());
        assertTrue(scores.get("customer_support") < 0.1, scores.toString());
    }

    @Test
    void longMessagesAreCutToTheWindowFromTheirStart() throws Exception {
        String filler = " word".repeat(CausalLmClassifier.MAX_MESSAGE_TOKENS + 50);
        assertEquals("customer_support", choice("refund" + filler));
        assertTrue(!"customer_support".equals(choice(filler + " refund")),
                "a trigger after the window is not seen");
    }

    @Test
    void budgetBoundsTheWaitAndAFailureIsANoteNotAnError() {
        try (ClassifierTier tier = new ClassifierTier(classifier, Duration.ZERO, 1)) {
            ClassifierTier.Verdict verdict = tier.classify("please fix the compiler bug", INTENTS);
            assertTrue(verdict.scores().isEmpty());
            assertTrue(verdict.note().startsWith("timed out"), verdict.note());
        }
        classifier = CausalLmClassifier.load(folder, Map.of()); // the tier closed the one it was given
        try (ClassifierTier tier = new ClassifierTier(classifier, Duration.ofSeconds(10), 1)) {
            ClassifierTier.Verdict verdict = tier.classify("please fix the compiler bug", INTENTS);
            assertEquals("code", verdict.scores().keySet().iterator().next());
            assertTrue(verdict.nanos() < Duration.ofSeconds(10).toNanos());
        }
        classifier = CausalLmClassifier.load(folder, Map.of());
    }

    @Test
    void aFolderWithoutAModelIsAClearError(@TempDir Path empty) throws Exception {
        Files.writeString(empty.resolve("tokenizer.json"), "{}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CausalLmClassifier.load(empty, Map.of()));
        assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
    }
}
