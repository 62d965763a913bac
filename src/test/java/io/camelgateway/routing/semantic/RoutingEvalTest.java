package io.camelgateway.routing.semantic;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The eval command scores a labelled set and prints accuracy, tiers and the confusion matrix. */
class RoutingEvalTest {

    @Test
    void printsAccuracyPerTierAndTheConfusionMatrix() throws Exception {
        Path set = Files.createTempFile("dev-set", ".yaml");
        Files.writeString(set, """
                prompts:
                  - {intent: code, keywords: true, text: "Here is the stack trace"}
                  - {intent: summarization, keywords: true, text: "Summarize this for me"}
                  - {intent: math, keywords: false, text: "Please summarize the news"}
                """);
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            RoutingEval.main(new String[]{"classifier-models/intents.yaml", set.toString()});
        } finally {
            System.setOut(original);
        }
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("overall                                     66.7%  (2 of 3)"), report);
        assertTrue(report.contains("decided by keyword                          66.7%  (2 of 3)"), report);
        assertTrue(report.contains("prompts without their intent's keywords      0.0%  (0 of 1)"), report);
        assertTrue(report.lines().anyMatch(l -> l.matches("math\\s+0\\s+0\\s+0\\s+1\\s+0\\s+0\\s+0")), report);
    }
}
