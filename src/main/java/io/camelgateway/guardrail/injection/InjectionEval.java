package io.camelgateway.guardrail.injection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.embedding.SentenceEmbedder;

/**
 * Precision and recall of the injection check on a labelled file, per kind of prompt too. A prompt whose role is
 * tool is sent as a tool result after a user's question, as an agent would.
 * <pre>java -cp target/camel-llm-gateway.jar io.camelgateway.guardrail.injection.InjectionEval \
 *     classifier-models/prompt-injection.yaml classifier-models/eval/prompt-injection-eval.yaml [--threshold X]</pre>
 */
public final class InjectionEval {
    /** One labelled prompt. */
    public record Labelled(boolean attack, String kind, String role, String text) {
    }

    /** What the check got right and wrong, overall and by kind; and the prompts it got wrong. */
    public record Result(int truePositives, int falsePositives, int falseNegatives, int trueNegatives,
                         Map<String, int[]> byKind, List<String> mistakes) {
        public double precision() {
            return truePositives == 0 ? 0 : truePositives / (double) (truePositives + falsePositives);
        }

        public double recall() {
            return truePositives == 0 ? 0 : truePositives / (double) (truePositives + falseNegatives);
        }

        public String report() {
            StringBuilder out = new StringBuilder(String.format("precision %.3f, recall %.3f (TP %d, FP %d, FN %d, "
                    + "TN %d)%n", precision(), recall(), truePositives, falsePositives, falseNegatives, trueNegatives));
            byKind.forEach((kind, c) -> out.append(String.format("  %-20s %d of %d right%n", kind, c[0], c[1])));
            mistakes.forEach(m -> out.append("  wrong: ").append(m).append('\n'));
            return out.toString();
        }
    }

    private InjectionEval() {
    }

    public static List<Labelled> read(Path file) throws IOException {
        JsonNode root = new YAMLMapper().readTree(file.toFile());
        List<Labelled> prompts = new ArrayList<>();
        for (JsonNode p : root.path("prompts")) {
            prompts.add(new Labelled("attack".equals(p.path("label").asText()), p.path("kind").asText(),
                    p.path("role").asText("user"), p.path("text").asText()));
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException(file + ": expected 'prompts:' with {label, kind, role, text} items");
        }
        return prompts;
    }

    public static Result run(InjectionDetector detector, List<Labelled> prompts) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        Map<String, int[]> byKind = new LinkedHashMap<>();
        List<String> mistakes = new ArrayList<>();
        for (Labelled p : prompts) {
            InjectionVerdict v = detector.check(request(p), PromptInjectionSettings.DEFAULT_ROLES, false);
            boolean right = v.detected() == p.attack();
            if (Boolean.getBoolean("injection.eval.verbose")) {
                System.out.printf("%s\t%.3f\t%.3f\t%s\t%s\t%s%n", p.attack() ? "A" : "B", v.ruleScore(),
                        v.similarity() == null ? -1 : v.similarity(),
                        v.benignSimilarity() == null ? "-1" : String.format("%.3f", v.benignSimilarity()), p.kind(),
                        p.text().replace('\n', ' '));
            }
            int[] counts = byKind.computeIfAbsent((p.attack() ? "attack/" : "benign/") + p.kind(), k -> new int[2]);
            counts[1]++;
            if (right) {
                counts[0]++;
            } else {
                mistakes.add(String.format("%s %.2f %s sim %s/%s %s", p.attack() ? "missed" : "false alarm",
                        v.score(), v.rules(), round(v.similarity()), round(v.benignSimilarity()),
                        p.text().replace('\n', ' ')));
            }
            if (p.attack()) {
                if (v.detected()) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (v.detected()) {
                fp++;
            } else {
                tn++;
            }
        }
        return new Result(tp, fp, fn, tn, byKind, mistakes);
    }

    private static String round(Double d) {
        return d == null ? "-" : String.format("%.2f", d);
    }

    static ChatRequest request(Labelled p) {
        ChatRequest request = new ChatRequest();
        request.model = "gpt-4o-mini";
        if ("tool".equals(p.role())) {
            ChatMessage result = new ChatMessage("tool", p.text());
            result.toolCallId = "call_1";
            request.messages = List.of(new ChatMessage("system", "You are a helpful assistant."),
                    new ChatMessage("user", "Please look this up for me and tell me what you found."), result);
        } else {
            request.messages = List.of(new ChatMessage("system", "You are a helpful assistant."),
                    new ChatMessage(p.role(), p.text()));
        }
        return request;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: InjectionEval <examples.yaml> <labelled.yaml> [--threshold X]");
            System.exit(2);
        }
        double threshold = args.length >= 4 && "--threshold".equals(args[2]) ? Double.parseDouble(args[3])
                : InjectionDetector.Settings.DEFAULTS.threshold();
        InjectionDetector.Settings d = InjectionDetector.Settings.DEFAULTS;
        try (SentenceEmbedder embedder = SentenceEmbedder.load(1); InputStream in = Files.newInputStream(Path.of(args[0]))) {
            AttackExamples examples = AttackExamples.read(in, args[0], embedder);
            InjectionDetector detector = new InjectionDetector(() -> examples, () -> embedder,
                    new InjectionDetector.Settings(threshold, d.similarityFloor(), d.similarityFull()));
            System.out.print(run(detector, read(Path.of(args[1]))).report());
        }
    }
}
