package io.camelgateway.routing.semantic;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The calibration fit and the way it writes thresholds into an intents file. */
class CalibrationTest {

    private static ThresholdFit.Sample s(String label, String best, double score) {
        return new ThresholdFit.Sample(label, best, score, 0.1, "general_chat");
    }

    @Test
    void thresholdSeparatesRightFromWrongAcceptances() {
        // math's right answers score 0.5 and up; its wrong ones (that the default would get right) 0.3 and below.
        List<ThresholdFit.Sample> samples = List.of(s("math", "math", 0.7), s("math", "math", 0.6),
                s("math", "math", 0.5), s("general_chat", "math", 0.3), s("general_chat", "math", 0.25));
        assertEquals(Map.of("math", 0.4), ThresholdFit.fit(samples, 0.03));
    }

    @Test
    void anIntentTheFallbackGetsRightAnywayKeepsAHighBar() {
        List<ThresholdFit.Sample> samples = List.of(s("general_chat", "code", 0.45),
                s("general_chat", "code", 0.42), s("general_chat", "code", 0.40));
        assertTrue(ThresholdFit.fit(samples, 0.03).get("code") > 0.45);
    }

    @Test
    void promptsUnderTheMarginAndRareIntentsAreLeftOut() {
        List<ThresholdFit.Sample> samples = List.of(new ThresholdFit.Sample("math", "math", 0.9, 0.01, "x"),
                s("math", "math", 0.7), s("code", "code", 0.7), s("code", "code", 0.6), s("code", "code", 0.5));
        Map<String, Double> fit = ThresholdFit.fit(samples, 0.03);
        assertFalse(fit.containsKey("math"), "one prompt over the margin is too few: " + fit);
        assertTrue(fit.get("code") < 0.5, fit.toString());
    }

    @Test
    void writerReplacesThresholdsAndKeepsCommentsAndOtherKeys() throws Exception {
        String yaml = """
                # my intents
                intents:
                  code:
                    threshold: 0.1
                    description: "Code."   # a comment
                    examples: ["fix it"]
                  math:
                    description: "Math."
                  other:
                    description: "Other."
                """;
        String written = ThresholdWriter.write(yaml, Map.of("code", 0.345, "math", 0.25));
        assertTrue(written.startsWith("# my intents\nintents:\n  code:\n    threshold: 0.345   # calibrated\n"
                + "    description: \"Code.\"   # a comment\n"), written);
        assertTrue(written.contains("  math:\n    threshold: 0.250   # calibrated\n    description: \"Math.\""),
                written);
        assertFalse(written.contains("0.1\n"), written);
        List<Intent> intents = IntentsLoader.parse(
                new ByteArrayInputStream(written.getBytes(StandardCharsets.UTF_8)), "written.yaml").intents();
        assertEquals(0.345, intents.get(0).threshold());
        assertEquals(0.25, intents.get(1).threshold());
        assertEquals(null, intents.get(2).threshold());
    }

    @Test
    void remoteAnswersAreMatchedToIntentNames() {
        List<Intent> intents = List.of(new Intent("customer_finance", "", List.of("x"), List.of(), List.of()),
                new Intent("code", "", List.of("x"), List.of(), List.of()));
        assertEquals("customer_finance", RemoteClassifier.firstIntentNamed("Customer finance.", intents));
        assertEquals("code", RemoteClassifier.firstIntentNamed("Intent: code (not customer_finance)", intents));
        assertEquals(null, RemoteClassifier.firstIntentNamed("barcode", intents));
    }
}
