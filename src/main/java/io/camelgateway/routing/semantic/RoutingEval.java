package io.camelgateway.routing.semantic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.embedding.SentenceEmbedder;

/**
 * The eval command: routes every prompt of a labelled set and prints accuracy overall, per deciding tier and on
 * the prompts without keywords, the confusion matrix, and each tier's latency.
 * <pre>java -cp target/camel-llm-gateway.jar io.camelgateway.routing.semantic.RoutingEval \
 *     classifier-models/intents.yaml classifier-models/dev-set.yaml [minScore] [minMargin]</pre>
 */
public final class RoutingEval {
    private RoutingEval() {
    }

    record Labelled(String intent, boolean keywords, String text) {
    }

    record Outcome(Labelled prompt, RoutingDecision decision, long nanos) {
        boolean correct() {
            return prompt.intent().equals(decision.intent());
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: RoutingEval <intents.yaml> <dev-set.yaml> [minScore] [minMargin]");
            System.exit(2);
        }
        List<Intent> intents;
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            intents = IntentsLoader.parse(in, args[0]);
        }
        List<Labelled> prompts = labelled(Path.of(args[1]));
        double minScore = args.length > 2 ? Double.parseDouble(args[2]) : SemanticRouter.DEFAULT_MIN_SCORE;
        double minMargin = args.length > 3 ? Double.parseDouble(args[3]) : SemanticRouter.DEFAULT_MIN_MARGIN;
        try (SentenceEmbedder embedder = SentenceEmbedder.load(1)) {
            SemanticRouter router = new SemanticRouter(new KeywordMatcher(intents),
                    new EmbeddingMatcher(intents, embedder), SemanticRouter.DEFAULT_INTENT, minScore, minMargin);
            for (int i = 0; i < 20; i++) {
                router.decide(request(prompts.get(i % prompts.size()).text())); // warm-up
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Labelled prompt : prompts) {
                long start = System.nanoTime();
                RoutingDecision decision = router.decide(request(prompt.text()));
                outcomes.add(new Outcome(prompt, decision, System.nanoTime() - start));
            }
            report(intents, outcomes, minScore, minMargin);
        }
    }

    static List<Labelled> labelled(Path file) throws IOException {
        JsonNode root = new YAMLMapper().readTree(file.toFile());
        List<Labelled> prompts = new ArrayList<>();
        for (JsonNode p : root.path("prompts")) {
            prompts.add(new Labelled(p.path("intent").asText(), p.path("keywords").asBoolean(), p.path("text").asText()));
        }
        return prompts;
    }

    private static ChatRequest request(String text) {
        ChatRequest request = new ChatRequest();
        request.model = "auto";
        request.messages = List.of(new ChatMessage("user", text));
        return request;
    }

    private static void report(List<Intent> intents, List<Outcome> outcomes, double minScore, double minMargin) {
        System.out.printf("%d prompts, %d intents, %d examples per intent on average, minScore %.2f, minMargin %.2f%n",
                outcomes.size(), intents.size(),
                intents.stream().mapToInt(i -> i.examples().size()).sum() / intents.size(), minScore, minMargin);
        line("overall", outcomes);
        line("prompts without their intent's keywords", outcomes.stream().filter(o -> !o.prompt().keywords()).toList());
        Map<String, List<Outcome>> byTier = new TreeMap<>();
        outcomes.forEach(o -> byTier.computeIfAbsent(o.decision().tier(), t -> new ArrayList<>()).add(o));
        byTier.forEach((tier, list) -> line("decided by " + tier, list));

        System.out.println();
        System.out.println("latency per deciding tier (ms): p50 / p99 / max");
        byTier.forEach((tier, list) -> {
            long[] nanos = list.stream().mapToLong(Outcome::nanos).sorted().toArray();
            System.out.printf("  %-10s %7.3f / %7.3f / %7.3f%n", tier, pct(nanos, 0.50), pct(nanos, 0.99),
                    nanos[nanos.length - 1] / 1e6);
        });

        List<String> names = intents.stream().map(Intent::name).toList();
        System.out.println();
        System.out.println("confusion matrix (rows: labelled, columns: routed)");
        System.out.printf("%-18s", "");
        names.forEach(n -> System.out.printf("%8.8s", n));
        System.out.println();
        for (String expected : names) {
            Map<String, Integer> row = new LinkedHashMap<>();
            names.forEach(n -> row.put(n, 0));
            outcomes.stream().filter(o -> o.prompt().intent().equals(expected))
                    .forEach(o -> row.merge(o.decision().intent(), 1, Integer::sum));
            System.out.printf("%-18.18s", expected);
            row.values().forEach(v -> System.out.printf("%8d", v));
            System.out.println();
        }
    }

    private static void line(String what, List<Outcome> outcomes) {
        long correct = outcomes.stream().filter(Outcome::correct).count();
        System.out.printf("%-42s %5.1f%%  (%d of %d)%n", what, outcomes.isEmpty() ? 0 : 100.0 * correct / outcomes.size(),
                correct, outcomes.size());
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }
}
