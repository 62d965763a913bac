package io.camelgateway.routing.semantic;

import static java.util.concurrent.CompletableFuture.completedFuture;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.embedding.Encoder;

/**
 * Decides a chat request's intent, cheapest tier first:
 * <ol>
 * <li>keyword rules: exactly one intent's rules match, it decides;</li>
 * <li>embedding similarity: a static table's best intent decides when it leads the runner-up by the table's margin
 * ({@link StaticTier}); otherwise the encoder's best intent decides when its score reaches its threshold and leads
 * the runner-up by the margin;</li>
 * <li>the classifier model, when one is configured: it decides within its time budget; if it times out or fails,
 * tier 2's best guess stands;</li>
 * <li>otherwise the intents file's fallback intent, or, when the file declares none, tier 2's best guess.</li>
 * </ol>
 * The newest user message is what is routed: in a conversation, the latest question says what is wanted now.
 */
public final class SemanticRouter {
    public static final String KEYWORD = "keyword";
    public static final String EMBEDDING = "embedding";
    public static final String CLASSIFIER = "classifier";
    public static final String DEFAULT = "default";
    /** Tier 2's static table was sure: the model did not run. */
    public static final String STATIC = "static";
    /** Tier 2's queue was full: the prompt went where unsure prompts go, without waiting. */
    public static final String BUSY = "busy";

    /** How sure tier 2 must be. */
    public record Settings(double minScore, double minMargin) {
        /**
         * The thresholds until a calibration fits them to labelled prompts. They depend on the encoder: e5's
         * similarities crowd into 0.7 to 0.95, where MiniLM's spread over 0.1 to 0.7. Both were chosen on
         * classifier-models/eval/tune-set.yaml: the highest score that lost nothing there, and no margin (any
         * margin above 0 only sent right answers to the fallback).
         */
        public static Settings defaultsFor(Encoder encoder) {
            return encoder == Encoder.E5_SMALL_V2 ? new Settings(0.80, 0.0) : new Settings(0.15, 0.0);
        }
    }

    private final IntentsFile file;
    private final List<Intent> intents;
    private final KeywordMatcher keywords;
    private final EmbeddingMatcher embeddings;
    private final ClassifierTier classifier;
    private final Settings settings;
    private final DecisionCache cache;
    private final StaticTier quick;

    /**
     * @param embeddings tier 2, or null to skip it
     * @param classifier tier 3, or null when none is configured
     */
    public SemanticRouter(IntentsFile file, KeywordMatcher keywords, EmbeddingMatcher embeddings,
                          ClassifierTier classifier, Settings settings) {
        this(file, keywords, embeddings, classifier, settings, DecisionCache.Settings.OFF);
    }

    /** @param cache how many decisions to keep, for how long: a prompt seen before skips every tier */
    public SemanticRouter(IntentsFile file, KeywordMatcher keywords, EmbeddingMatcher embeddings,
                          ClassifierTier classifier, Settings settings, DecisionCache.Settings cache) {
        this(file, keywords, embeddings, classifier, settings, cache, null);
    }

    /** @param quick tier 2's first opinion, from a static table: where it is sure, the model does not run */
    SemanticRouter(IntentsFile file, KeywordMatcher keywords, EmbeddingMatcher embeddings, ClassifierTier classifier,
                   Settings settings, DecisionCache.Settings cache, StaticTier quick) {
        this.quick = quick;
        this.file = file;
        this.intents = file.intents();
        this.keywords = keywords;
        this.embeddings = embeddings;
        this.classifier = classifier;
        this.settings = settings;
        this.cache = new DecisionCache(cache);
    }

    public List<Intent> intents() {
        return intents;
    }

    /** One line for the log: where prompts that no tier is sure of go. */
    public String describeFallback() {
        return file.describeFallback(classifier != null);
    }

    /** Blocks for tiers 2 and 3 (milliseconds of CPU, up to the classifier's budget): never on an event loop. */
    public RoutingDecision decide(ChatRequest request) {
        return decide(request, false);
    }

    /**
     * @param explain run every tier even when an earlier one decided, so a dry run shows all the scores; the
     *                decision is the same either way
     */
    public RoutingDecision decide(ChatRequest request, boolean explain) {
        try {
            return decideLater(request, explain, true).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * The decision once tier 2's batch has run, without holding the calling thread meanwhile. The future completes
     * on the embedding batcher's thread, so this is for callers whose next steps are quick; with a tier-3
     * classifier configured, which may take its whole budget, the decision is made on the calling thread.
     */
    public CompletableFuture<RoutingDecision> decideLater(ChatRequest request) {
        return decideLater(request, false, classifier != null);
    }

    private CompletableFuture<RoutingDecision> decideLater(ChatRequest request, boolean explain, boolean wait) {
        String text = DecisionCache.normalised(lastUserText(request.messages));
        Trace trace = new Trace(text);
        if (text.isEmpty()) {
            return completedFuture(trace.decided(file.withoutAGuess(), DEFAULT));
        }
        RoutingDecision known = explain ? null : cache.find(text);
        if (known != null) {
            return completedFuture(known);
        }
        trace.matches = keywords.matches(text);
        boolean keywordDecides = trace.matches.size() == 1;
        if ((keywordDecides && !explain) || embeddings == null) {
            return completedFuture(settled(trace, keywordDecides, explain));
        }
        PromptParts parts = PromptParts.of(text);
        trace.request = parts.request();
        Map<String, Double> quickScores = quick == null || keywordDecides ? null : quick.scores(parts);
        if (quickScores != null && quick.sure(quickScores)) {
            trace.scores = quickScores;
            RoutingDecision decision = trace.decided(quickScores.keySet().iterator().next(), STATIC);
            if (!explain) {
                cache.keep(text, decision);
            }
            return completedFuture(decision);
        }
        Function<Map<String, Double>, RoutingDecision> settle = scores -> {
            trace.scores = scores;
            return settled(trace, keywordDecides, explain);
        };
        CompletableFuture<Map<String, Double>> scores = embeddings.scoresLater(parts);
        if (wait) { // tier 3 may block for its budget: on this thread, not the batcher's
            try {
                return completedFuture(settle.apply(scores.join()));
            } catch (CompletionException e) {
                return completedFuture(busy(trace, e));
            }
        }
        return scores.handle((found, failure) -> failure == null ? settle.apply(found) : busy(trace, failure));
    }

    /** The decision from what tiers 1 and 2 found, asking tier 3 when it is configured and needed. */
    private RoutingDecision settled(Trace trace, boolean keywordDecides, boolean explain) {
        String best = null;
        boolean confident = false;
        if (!trace.scores.isEmpty()) {
            List<Map.Entry<String, Double>> ranked = List.copyOf(trace.scores.entrySet());
            best = ranked.get(0).getKey();
            double second = ranked.size() > 1 ? ranked.get(1).getValue() : 0;
            trace.threshold = threshold(best);
            confident = ranked.get(0).getValue() >= trace.threshold
                    && ranked.get(0).getValue() - second >= settings.minMargin();
        }
        ClassifierTier.Verdict verdict = null;
        if (classifier != null && (explain || (!keywordDecides && !confident))) {
            verdict = classifier.classify(trace.text, intents);
            trace.classifierScores = verdict.scores();
            trace.classifierNote = verdict.note();
        }
        RoutingDecision decision = decision(trace, keywordDecides, best, confident, verdict);
        if (!explain && (verdict == null || verdict.answered())) { // a timed-out classifier may answer next time
            cache.keep(trace.text, decision);
        }
        return decision;
    }

    private RoutingDecision decision(Trace trace, boolean keywordDecides, String best, boolean confident,
                                     ClassifierTier.Verdict verdict) {
        if (keywordDecides) {
            return trace.decided(trace.matches.iterator().next(), KEYWORD);
        }
        if (confident) {
            return trace.decided(best, EMBEDDING);
        }
        if (verdict != null && verdict.answered()) {
            return trace.decided(verdict.scores().keySet().iterator().next(), CLASSIFIER);
        }
        if (file.fallback().isPresent() && verdict == null) {
            return trace.decided(file.fallback().get(), DEFAULT);
        }
        if (best != null) {
            return trace.decided(best, EMBEDDING); // no fallback, or the classifier did not answer: the best guess
        }
        return trace.decided(file.withoutAGuess(), DEFAULT);
    }

    /** Tier 2 could not run (its queue was full): the prompt goes where unsure ones go, and is not cached. */
    private RoutingDecision busy(Trace trace, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (!(cause instanceof RejectedExecutionException)) {
            throw cause instanceof RuntimeException e ? e : new CompletionException(cause);
        }
        return trace.decided(file.withoutAGuess(), BUSY);
    }

    private double threshold(String intent) {
        for (Intent i : intents) {
            if (i.name().equals(intent) && i.threshold() != null) {
                return i.threshold();
            }
        }
        return settings.minScore();
    }

    /** What the tiers saw on the way to a decision. */
    private final class Trace {
        final String text;
        String request;
        Set<String> matches = Set.of();
        Map<String, Double> scores = Map.of();
        double threshold = settings.minScore();
        Map<String, Double> classifierScores = Map.of();
        String classifierNote = "";

        Trace(String text) {
            this.text = text;
            this.request = text;
        }

        RoutingDecision decided(String intent, String tier) {
            return new RoutingDecision(intent, tier, text, request, matches, scores, threshold, settings.minMargin(),
                    classifier == null ? "" : classifier.describe(), classifierScores, classifierNote);
        }
    }

    /** The text of the newest user message; image-only or empty content gives "". */
    static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage message = messages.get(i);
            if ("user".equals(message.role)) {
                return message.text() == null ? "" : message.text().trim();
            }
        }
        return "";
    }
}
