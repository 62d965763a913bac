package io.camelgateway.routing.semantic;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Callers' labels grow the intents file: the calibration command with --add-examples makes the labelled prompts
 * that tier 2 routes wrongly into examples of their intent, keeping the file's comments and layout.
 */
class FeedbackLearningTest {
    static final String INTENTS = """
            # my intents
            intents:
              billing:
                description: "Invoices, payments and refunds."   # shown to tier 3
                examples:
                  - "Where is my invoice for March?"
                  - "I was charged twice"
              travel:
                description: "Trips, flights and hotels."
            """;

    @TempDir
    Path dir;

    @Test
    void misroutedFeedbackBecomesExamplesAndThenRoutesRight() throws Exception {
        Path intents = dir.resolve("intents.yaml");
        Files.writeString(intents, INTENTS);
        Path feedback = dir.resolve("feedback.yaml");
        String misrouted = "Can I pay for the flight in two instalments?";
        Files.writeString(feedback, "prompts:\n  - {intent: \"travel\", keywords: false, routed: \"billing\", "
                + "tier: embedding, text: \"" + misrouted + "\"}\n");
        assertEquals("billing", routeWith(Files.readString(intents), misrouted), "misrouted before the feedback");

        RoutingCalibration.main(new String[]{intents.toString(), feedback.toString(), "--add-examples", "--write",
                "--encoder", "all-minilm-l6-v2"});

        String learned = Files.readString(intents);
        assertTrue(learned.startsWith("# my intents\nintents:\n  billing:\n    description: \"Invoices, payments and "
                + "refunds.\"   # shown to tier 3\n"), learned);
        assertTrue(learned.contains("  travel:\n    examples:\n      - \"" + misrouted + "\"   # from feedback\n"
                + "    description: \"Trips, flights and hotels.\""), learned);
        assertEquals("travel", routeWith(learned, misrouted));
    }

    @Test
    void examplesAreAppendedToABlockListAndAFlowListIsRefused() {
        String written = ExampleWriter.write(INTENTS, Map.of("billing", List.of("Refund \"order\" 42\nplease")));
        assertTrue(written.contains("      - \"I was charged twice\"\n      - \"Refund \\\"order\\\" 42\\nplease\"   "
                + "# from feedback\n  travel:"), written);

        assertThrows(IllegalArgumentException.class, () -> ExampleWriter.write(
                "intents:\n  a:\n    examples: [\"x\"]\n", Map.of("a", List.of("y"))));
    }

    private static String routeWith(String yaml, String prompt) throws Exception {
        IntentsFile file = IntentsLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "x");
        try (var embedder = io.camelgateway.embedding.SentenceEmbedder.load(1)) {
            return new SemanticRouter(file, new KeywordMatcher(file.intents()),
                    new EmbeddingMatcher(file.intents(), embedder), null, new SemanticRouter.Settings(0, 0))
                    .decide(RoutingCommand.request(prompt)).intent();
        }
    }
}
