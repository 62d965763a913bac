package io.camelgateway.routing.semantic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.embedding.Encoder;
import io.camelgateway.embedding.SentenceEmbedder;
import io.camelgateway.embedding.StaticEmbeddings;
import io.camelgateway.embedding.StaticEmbeddingsFile;
import io.camelgateway.embedding.StaticEmbeddingsSource;

/**
 * What the eval and calibration commands share: their options, the labelled prompts, and a router over the
 * intents file built the way the gateway builds it.
 * <pre>&lt;intents.yaml&gt; &lt;labelled.yaml&gt; [--examples N] [--min-score X] [--min-margin X] [--window N]
 *     [--encoder NAME] [--classifier local:&lt;folder&gt;] [--budget-ms N]</pre>
 */
final class RoutingCommand implements AutoCloseable {
    static final String OPTIONS = "<intents.yaml> <labelled.yaml> [--examples N] [--min-score X] [--min-margin X] "
            + "[--window N] [--encoder e5-small-v2|all-minilm-l6-v2] [--classifier local:<folder>] [--budget-ms N] "
            + "[--fast-encoder static|none] [--fast-margin X] [--data-dir folder]";

    record Labelled(String intent, boolean keywords, String text) {
    }

    final Path intentsFile;
    final IntentsFile intents;
    final List<Labelled> prompts;
    final SemanticRouter.Settings settings;
    final int examples;
    final int window;
    final Map<String, String> flags = new HashMap<>();
    private final ClassifierTier classifier;
    private final SentenceEmbedder embedder;
    /** The static table of tier 2's first opinion, or null without one. */
    private final StaticEmbeddings table;
    final double fastMargin;

    /** @param flagNames options without a value that this command accepts, e.g. "--write" */
    RoutingCommand(String[] args, List<String> flagNames) throws IOException {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (flagNames.contains(args[i])) {
                flags.put(args[i], "true");
            } else if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                options.put(args[i], args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() != 2) {
            throw new IllegalArgumentException("expected " + OPTIONS);
        }
        intentsFile = Path.of(positional.get(0));
        examples = Integer.parseInt(options.getOrDefault("--examples", "1000"));
        window = Integer.parseInt(options.getOrDefault("--window", String.valueOf(EmbeddingMatcher.DEFAULT_WINDOW)));
        try (InputStream in = Files.newInputStream(intentsFile)) {
            intents = IntentsLoader.parse(in, intentsFile.toString()).map(i -> i.withExamples(examples));
        }
        List<String> names = intents.intents().stream().map(Intent::name).toList();
        List<Labelled> all = labelled(Path.of(positional.get(1)));
        prompts = all.stream().filter(p -> names.contains(p.intent())).toList();
        if (prompts.size() < all.size()) {
            System.out.printf("%d of %d prompts skipped: labelled with intents %s does not define (%s)%n",
                    all.size() - prompts.size(), all.size(), intentsFile, String.join(", ", all.stream()
                            .map(Labelled::intent).filter(i -> !names.contains(i)).distinct().toList()));
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException(positional.get(1) + ": no prompt is labelled with an intent of "
                    + intentsFile);
        }

        String spec = options.getOrDefault("--classifier", "none");
        if (spec.startsWith("remote")) {
            throw new IllegalArgumentException("--classifier: only none or local:<folder> here (a remote model "
                    + "needs a running gateway)");
        }
        classifier = SemanticRoutingSetup.classifier(null, spec,
                Duration.ofMillis(Long.parseLong(options.getOrDefault("--budget-ms", "200")))).get();
        Encoder encoder = Encoder.named(options.getOrDefault("--encoder",
                SemanticRoutingSetup.DEFAULT_ENCODER.modelName()));
        SemanticRouter.Settings defaults = SemanticRouter.Settings.defaultsFor(encoder);
        settings = new SemanticRouter.Settings(
                Double.parseDouble(options.getOrDefault("--min-score", String.valueOf(defaults.minScore()))),
                Double.parseDouble(options.getOrDefault("--min-margin", String.valueOf(defaults.minMargin()))));
        embedder = SentenceEmbedder.load(encoder, 1, Map.of());
        fastMargin = Double.parseDouble(options.getOrDefault("--fast-margin", String.valueOf(StaticTier.DEFAULT_MARGIN)));
        table = switch (options.getOrDefault("--fast-encoder", "none")) {
            case "none" -> null;
            case "static" -> new StaticEmbeddingsSource(() -> new StaticEmbeddingsFile(
                    Path.of(options.getOrDefault("--data-dir", "data")), encoder.modelName(),
                    StaticEmbeddingsFile.digestOf(encoder)), () -> embedder).whenReady().join();
            default -> throw new IllegalArgumentException("--fast-encoder: static or none");
        };
    }

    /** What decides ahead of the model: "none", or the static table and its margin. */
    String fastEncoder() {
        return table == null ? "none" : String.format("static, margin %.3f", fastMargin);
    }

    Encoder encoder() {
        return embedder.encoder();
    }

    boolean hasClassifier() {
        return classifier != null;
    }

    SemanticRouter router(IntentsFile withIntents) {
        return router(withIntents, fastMargin);
    }

    /** @param fastMargin the static table's margin: 0 lets it decide every prompt, infinity none */
    SemanticRouter router(IntentsFile withIntents, double fastMargin) {
        return new SemanticRouter(withIntents, new KeywordMatcher(withIntents.intents()),
                new EmbeddingMatcher(withIntents.intents(), embedder, window), classifier, settings,
                DecisionCache.Settings.OFF, table == null ? null
                        : new StaticTier(withIntents.intents(), embedder, window, () -> table, fastMargin));
    }

    boolean hasFastEncoder() {
        return table != null;
    }

    static ChatRequest request(String text) {
        ChatRequest request = new ChatRequest();
        request.model = "auto";
        request.messages = List.of(new ChatMessage("user", text));
        return request;
    }

    /**
     * Tier 2's view of a prompt for the calibration, from a decision made with every tier run; null when tier 1
     * decides it (thresholds do not matter there).
     */
    ThresholdFit.Sample sample(Labelled prompt, RoutingDecision decision) {
        if (decision.keywordMatches().size() == 1 || decision.embeddingScores().isEmpty()) {
            return null;
        }
        List<Map.Entry<String, Double>> ranked = List.copyOf(decision.embeddingScores().entrySet());
        String best = ranked.get(0).getKey();
        double margin = ranked.get(0).getValue() - (ranked.size() > 1 ? ranked.get(1).getValue() : 0);
        String fallback = !decision.classifierScores().isEmpty()
                ? decision.classifierScores().keySet().iterator().next()
                : classifier != null ? best : intents.fallback().orElse(best);
        return new ThresholdFit.Sample(prompt.intent(), best, ranked.get(0).getValue(), margin, fallback);
    }

    static List<Labelled> labelled(Path file) throws IOException {
        JsonNode root = new YAMLMapper().readTree(file.toFile());
        List<Labelled> prompts = new ArrayList<>();
        for (JsonNode p : root.path("prompts")) {
            prompts.add(new Labelled(p.path("intent").asText(), p.path("keywords").asBoolean(),
                    p.path("text").asText()));
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException(file + ": expected 'prompts:' with {intent, keywords, text} items");
        }
        return prompts;
    }

    @Override
    public void close() {
        if (classifier != null) {
            classifier.close();
        }
        embedder.close();
    }
}
