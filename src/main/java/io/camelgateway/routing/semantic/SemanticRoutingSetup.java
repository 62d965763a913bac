package io.camelgateway.routing.semantic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.Lazy;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.config.ContextLifecycle;
import io.camelgateway.config.ContextProperties;
import io.camelgateway.embedding.EmbeddingBatcher;
import io.camelgateway.embedding.Encoder;
import io.camelgateway.embedding.SentenceEmbedder;
import io.camelgateway.embedding.StaticEmbeddings;
import io.camelgateway.embedding.StaticEmbeddingsFile;
import io.camelgateway.embedding.StaticEmbeddingsSource;

/**
 * Builds the {@code intentRouting} bean from the gateway's properties:
 * <ul>
 * <li>{@code gateway.routing.models}: the model names that ask to be routed (default "auto");</li>
 * <li>GATEWAY_INTENTS_FILE, else classifier-models/intents.yaml, else the intents in the jar;</li>
 * <li>{@code gateway.routing.min-score}, {@code min-margin}, {@code window-tokens};</li>
 * <li>{@code gateway.routing.batch.max-size}, {@code max-wait-us}, {@code queue-capacity}, {@code workers}: how
 * concurrent prompts share runs of the encoder;</li>
 * <li>{@code gateway.routing.decision-cache.max-entries}, {@code ttl-seconds}, {@code max-chars}: decisions kept
 * by prompt text (max-entries 0 turns it off);</li>
 * <li>{@code gateway.routing.encoder}: tier 2's sentence encoder, all-minilm-l6-v2 (default; the /v1/embeddings
 * model, loaded once for both) or e5-small-v2;</li>
 * <li>{@code gateway.routing.fast-encoder}: none (default) or static, and {@code fast-margin}: a static table
 * distilled from tier 2's encoder decides ahead of it where its best intent leads by the margin; the table is
 * kept under {@code gateway.data-dir}, made in the background the first time it is needed;</li>
 * <li>{@code gateway.routing.feedback-file} (classifier-models/feedback.yaml) and
 * {@code feedback-max-records} (10,000): where callers' labels go;</li>
 * <li>{@code gateway.routing.classifier}: none, {@code local:<folder>} or {@code remote:<model>}, and
 * {@code gateway.routing.classifier-budget-ms} (default 200).</li>
 * </ul>
 * The models load on first use, so a gateway that never routes never pays for them.
 */
public final class SemanticRoutingSetup {
    private static final Logger LOG = LoggerFactory.getLogger(SemanticRoutingSetup.class);
    static final String BUNDLED_INTENTS = "classifier-models/intents.yaml";
    /** The route a remote classifier's question goes through (routes/chat.camel.yaml). */
    static final String REMOTE_CLASSIFIER_ROUTE = "direct:remote-classifier";
    /**
     * MiniLM: 85.6% of the dev set with a user-shaped file, tier 2 within 6 ms of CPU at 128 word pieces; e5-small-v2
     * gets 88.6% for twice the time, over the 10 ms goal (docs/routing.md).
     */
    public static final Encoder DEFAULT_ENCODER = Encoder.ALL_MINILM_L6_V2;
    /** One predictor for the batch thread and one for the dry run (an e5 encoder; MiniLM is the shared model's). */
    private static final int ROUTING_THREADS = 2;

    private SemanticRoutingSetup() {
    }

    /** @param embeddings the /v1/embeddings model (MiniLM), reused when it is also the routing encoder */
    public static IntentRouting intentRouting(CamelContext context, UnaryOperator<String> environment,
                                              Supplier<SentenceEmbedder> embeddings) {
        Set<String> models = Set.of(property(context, "gateway.routing.models", "auto").split(","));
        Encoder encoder = Encoder.named(property(context, "gateway.routing.encoder", DEFAULT_ENCODER.modelName()));
        SemanticRouter.Settings defaults = SemanticRouter.Settings.defaultsFor(encoder);
        SemanticRouter.Settings settings = new SemanticRouter.Settings(
                Double.parseDouble(property(context, "gateway.routing.min-score", String.valueOf(defaults.minScore()))),
                Double.parseDouble(property(context, "gateway.routing.min-margin",
                        String.valueOf(defaults.minMargin()))));
        Supplier<ClassifierTier> classifier = classifier(context,
                property(context, "gateway.routing.classifier", "none"),
                Duration.ofMillis(Long.parseLong(property(context, "gateway.routing.classifier-budget-ms", "200"))));
        int window = Integer.parseInt(property(context, "gateway.routing.window-tokens",
                String.valueOf(EmbeddingMatcher.DEFAULT_WINDOW)));
        Supplier<SentenceEmbedder> embedder = encoder(encoder, embeddings);
        EmbeddingBatcher batcher = new EmbeddingBatcher(batch -> embedder.get().embedTokens(batch), new EmbeddingBatcher.Settings(
                Integer.parseInt(property(context, "gateway.routing.batch.max-size", "32")),
                Duration.ofNanos(1000 * Long.parseLong(property(context, "gateway.routing.batch.max-wait-us", "2000"))),
                Integer.parseInt(property(context, "gateway.routing.batch.queue-capacity", "256")),
                Integer.parseInt(property(context, "gateway.routing.batch.workers", "1"))));
        ContextLifecycle.onStop(context, batcher); // its threads end with the context, for applications that embed it
        DecisionCache.Settings decisions = new DecisionCache.Settings(
                Long.parseLong(property(context, "gateway.routing.decision-cache.max-entries", "10000")),
                Duration.ofSeconds(Long.parseLong(property(context, "gateway.routing.decision-cache.ttl-seconds",
                        "600"))),
                Integer.parseInt(property(context, "gateway.routing.decision-cache.max-chars", "1000")));
        Supplier<StaticEmbeddings> table = staticTable(context, encoder, embedder);
        double fastMargin = Double.parseDouble(property(context, "gateway.routing.fast-margin",
                String.valueOf(StaticTier.DEFAULT_MARGIN)));
        Function<IntentsFile, SemanticRouter> build = file -> {
            SemanticRouter router = new SemanticRouter(file, new KeywordMatcher(file.intents()),
                    new EmbeddingMatcher(file.intents(), embedder.get(), window, batcher), classifier.get(), settings,
                    decisions, table == null ? null
                            : new StaticTier(file.intents(), embedder.get(), window, table, fastMargin));
            LOG.info("Semantic routing: {} intents; {}", file.intents().size(), router.describeFallback());
            return router;
        };

        RoutingFeedback feedback = new RoutingFeedback(
                Path.of(property(context, "gateway.routing.feedback-file", "classifier-models/feedback.yaml")),
                Integer.parseInt(property(context, "gateway.routing.feedback-max-records", "10000")));
        String name = environment.apply("GATEWAY_INTENTS_FILE");
        Path path = Path.of(name != null && !name.isBlank() ? name : BUNDLED_INTENTS);
        if (Files.isRegularFile(path)) {
            Lazy<ReloadingRouter> reloading = new Lazy<>(() -> new ReloadingRouter(path, build));
            return new IntentRouting(models, () -> reloading.get().get(), feedback);
        }
        return new IntentRouting(models, new Lazy<>(() -> {
            try (InputStream in = SemanticRoutingSetup.class.getClassLoader().getResourceAsStream(BUNDLED_INTENTS)) {
                if (in == null) {
                    throw new IOException("No intents file at " + path.toAbsolutePath() + " nor in the jar");
                }
                LOG.info("Semantic routing intents built into the jar (no file at {})", path.toAbsolutePath());
                return build.apply(IntentsLoader.parse(in, BUNDLED_INTENTS));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the intents", e);
            }
        }), feedback);
    }

    /**
     * The static table ahead of tier 2's encoder (gateway.routing.fast-encoder), null for none: answers null until it
     * has been read from gateway.data-dir, or distilled there in the background, which the first routed prompt
     * starts.
     */
    static Supplier<StaticEmbeddings> staticTable(CamelContext context, Encoder encoder,
                                                  Supplier<SentenceEmbedder> embedder) {
        String fast = property(context, "gateway.routing.fast-encoder", "none").trim();
        switch (fast) {
            case "none" -> {
                return null;
            }
            case "static" -> {
                Path folder = Path.of(property(context, "gateway.data-dir", "data"));
                LOG.info("Tier 2 asks a static table distilled from {} first (kept in {})", encoder.modelName(),
                        folder);
                StaticEmbeddingsSource source = new StaticEmbeddingsSource(() -> new StaticEmbeddingsFile(folder,
                        encoder.modelName(), StaticEmbeddingsFile.digestOf(encoder)), embedder);
                if (context != null) {
                    ContextLifecycle.onStop(context, source); // a table half made stops with the context
                }
                return source::ifReady;
            }
            default -> throw new IllegalArgumentException("gateway.routing.fast-encoder=" + fast
                    + ": expected static or none");
        }
    }

    /** Tier 2's encoder, loaded on first use (an unknown name has stopped the start-up, listing the names). */
    static Supplier<SentenceEmbedder> encoder(Encoder encoder, Supplier<SentenceEmbedder> embeddings) {
        LOG.info("Tier-2 sentence encoder: {}", encoder.modelName());
        if (embeddings != null && encoder == Encoder.ALL_MINILM_L6_V2) {
            return embeddings;
        }
        return new Lazy<>(() -> SentenceEmbedder.load(encoder, ROUTING_THREADS, Map.of()));
    }

    /**
     * Tier 3 from its setting. A local folder is checked now, so a wrong path stops the start-up with a clear
     * message; the model itself loads on first use and serves every reload of the intents.
     */
    static Supplier<ClassifierTier> classifier(CamelContext context, String spec, Duration budget) {
        String kind = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        String target = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1).trim() : "";
        switch (kind.trim()) {
            case "none", "" -> {
                return () -> null;
            }
            case "local" -> {
                Path folder = Path.of(target);
                if (!Files.isRegularFile(folder.resolve("model.onnx"))) {
                    throw new IllegalArgumentException("gateway.routing.classifier=" + spec + ": " + folder
                            .toAbsolutePath() + " has no model.onnx (see docs/routing.md, adding a classifier model)");
                }
                LOG.info("Tier-3 intent classifier: the model in {}, budget {} ms", folder, budget.toMillis());
                return new Lazy<>(() -> new ClassifierTier(CausalLmClassifier.load(folder, Map.of()), budget, 1));
            }
            case "remote" -> {
                if (target.isEmpty()) {
                    throw new IllegalArgumentException("gateway.routing.classifier=remote: needs a model, "
                            + "for example remote:gpt-4o-mini");
                }
                LOG.info("Tier-3 intent classifier: model {} through the gateway, budget {} ms", target,
                        budget.toMillis());
                Lazy<ProducerTemplate> template = new Lazy<>(context::createProducerTemplate);
                return new Lazy<>(() -> new ClassifierTier(new RemoteClassifier(target,
                        request -> template.get().requestBody(REMOTE_CLASSIFIER_ROUTE, request,
                                ChatCompletion.class)), budget, 2));
            }
            default -> throw new IllegalArgumentException("gateway.routing.classifier=" + spec
                    + ": expected none, local:<folder> or remote:<model>");
        }
    }

    private static String property(CamelContext context, String key, String fallback) {
        return ContextProperties.text(context, key, fallback);
    }
}
