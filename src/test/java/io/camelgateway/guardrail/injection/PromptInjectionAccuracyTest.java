package io.camelgateway.guardrail.injection;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelgateway.embedding.SentenceEmbedder;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped guard (rules, classifier-models/prompt-injection.yaml, the default thresholds) on the labelled sets.
 * The eval set is held out: the rules, examples and thresholds were settled on the dev set only. Floors, on the
 * eval set: precision at least 0.95, recall at least 0.65 (measured 0.972 and 0.693); on the dev set
 * (what it was tuned on): precision 0.95, recall 0.80.
 */
class PromptInjectionAccuracyTest {
    static final Path EXAMPLES = Path.of("classifier-models/prompt-injection.yaml");
    static final Path EVAL = Path.of("classifier-models/eval/prompt-injection-eval.yaml");
    static final Path DEV = Path.of("classifier-models/eval/prompt-injection-dev.yaml");

    static SentenceEmbedder embedder;
    static InjectionDetector detector;

    @BeforeAll
    static void load() throws Exception {
        embedder = SentenceEmbedder.load(1);
        AttackExamples examples;
        try (InputStream in = Files.newInputStream(EXAMPLES)) {
            examples = AttackExamples.read(in, EXAMPLES.toString(), embedder);
        }
        detector = new InjectionDetector(() -> examples, () -> embedder, InjectionDetector.Settings.DEFAULTS);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void heldOutSetMeetsTheFloors() throws Exception {
        List<InjectionEval.Labelled> prompts = InjectionEval.read(EVAL);
        assertTrue(prompts.stream().filter(InjectionEval.Labelled::attack).count() >= 150);
        assertTrue(prompts.stream().filter(p -> !p.attack()).count() >= 150);

        InjectionEval.Result result = InjectionEval.run(detector, prompts);

        System.out.print("Held-out set: " + result.report());
        assertTrue(result.precision() >= 0.95, result.report());
        assertTrue(result.recall() >= 0.65, result.report());
    }

    @Test
    void devSetMeetsTheFloors() throws Exception {
        InjectionEval.Result result = InjectionEval.run(detector, InjectionEval.read(DEV));

        System.out.print("Dev set: " + result.report());
        assertTrue(result.precision() >= 0.95, result.report());
        assertTrue(result.recall() >= 0.80, result.report());
    }

    @Test
    void noLabelledPromptIsAlsoAShippedExample() throws Exception {
        JsonNode file = new YAMLMapper().readTree(EXAMPLES.toFile());
        Set<String> shipped = new HashSet<>();
        for (String list : new String[]{"attacks", "benign"}) {
            file.path(list).forEach(e -> shipped.add(InjectionText.fold(e.asText()).strip()));
        }
        for (Path set : new Path[]{EVAL, DEV}) {
            for (InjectionEval.Labelled p : InjectionEval.read(set)) {
                assertTrue(!shipped.contains(InjectionText.fold(p.text()).strip()),
                        set + " leaks into the examples: " + p.text());
            }
        }
        Set<String> dev = new HashSet<>();
        InjectionEval.read(DEV).forEach(p -> dev.add(InjectionText.fold(p.text()).strip()));
        for (InjectionEval.Labelled p : InjectionEval.read(EVAL)) {
            assertTrue(!dev.contains(InjectionText.fold(p.text()).strip()), "in both dev and eval: " + p.text());
        }
    }
}
