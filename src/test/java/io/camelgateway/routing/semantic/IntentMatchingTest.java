package io.camelgateway.routing.semantic;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camelgateway.embedding.SentenceEmbedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiers 1 and 2 over the shipped intents file (classifier-models/intents.yaml). */
class IntentMatchingTest {
    static List<Intent> intents;
    static SentenceEmbedder embedder;
    static EmbeddingMatcher embeddings;
    static KeywordMatcher keywords;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("classifier-models/intents.yaml"))) {
            intents = IntentsLoader.parse(in, "intents.yaml").intents();
        }
        embedder = SentenceEmbedder.load(1);
        embeddings = new EmbeddingMatcher(intents, embedder);
        keywords = new KeywordMatcher(intents);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void shippedIntentsCoverTheDefaultsAndASensitiveOne() {
        List<String> names = intents.stream().map(Intent::name).toList();
        assertTrue(names.containsAll(List.of("code", "math", "creative_writing", "summarization", "translation",
                "general_chat", "customer_finance")), names.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Here is the Stack   Trace from production|code",
            "please SUMMARIZE the following|summarization",
            "tl;dr please|summarization",
            "What is my IBAN?|customer_finance",
            "def parse_args(argv): ...|code"})
    void keywordsMatchWholeWordsAndPhrasesInAnyCase(String prompt, String intent) {
        assertEquals(Set.of(intent), keywords.matches(prompt));
    }

    @Test
    void keywordInsideAnotherWordDoesNotMatch() {
        assertEquals(Set.of(), keywords.matches("The poems were lovely")); // "poem" is a keyword, "poems" is not
        assertEquals(Set.of(), keywords.matches("an irregular expression of joy")); // not "regex"
    }

    @Test
    void conflictingKeywordsReportEveryIntent() {
        assertEquals(Set.of("creative_writing", "translation"), keywords.matches("Translate this poem"));
    }

    // MiniLM here (the /v1/embeddings model, quick to load); it is English-only: "Wie spät ist es in Tokio?" leans
    // to translation.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "My Java program crashes when it reads an empty file, can you help?|code",
            "Write me a few rhyming lines about the sea at night|creative_writing",
            "Could you boil this long text down to its essentials?|summarization",
            "How would a French speaker say 'see you tomorrow'?|translation",
            "Someone charged my account twice for the same purchase|customer_finance"})
    void promptsWithoutKeywordsScoreHighestForTheirIntent(String prompt, String intent) {
        Map<String, Double> scores = embeddings.scores(prompt);
        assertEquals(intent, scores.keySet().iterator().next(), "scores: " + scores);
    }

    @Test
    void malformedIntentsFileIsRejectedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IntentsLoader.parse(
                stream("intents:\n  code:\n    examples: \"not a list\"\n"), "bad.yaml"));
        assertTrue(e.getMessage().contains("intents.code.examples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IntentsLoader.parse(
                stream("intents:\n  code:\n    description: d\n    patterns: [\"(unclosed\"]\n"), "bad.yaml"));
        assertTrue(e.getMessage().contains("intents.code.patterns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IntentsLoader.parse(
                stream("intents:\n  code:\n    description: d\n    threshold: high\n"), "bad.yaml"));
        assertTrue(e.getMessage().contains("intents.code.threshold"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IntentsLoader.parse(stream("other: 1\n"), "bad.yaml"));
        assertTrue(e.getMessage().contains("'intents:'"), e.getMessage());
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
