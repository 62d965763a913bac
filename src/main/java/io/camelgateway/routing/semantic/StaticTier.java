package io.camelgateway.routing.semantic;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.camelgateway.Lazy;
import io.camelgateway.embedding.SentenceEmbedder;
import io.camelgateway.embedding.StaticEmbeddings;

/**
 * Tier 2's first opinion: the prompt scored against the intents over a static table distilled from tier 2's
 * model ({@link StaticEmbeddings}), in microseconds. It decides only when its best intent leads the runner-up by
 * its margin; otherwise, and while the table is not ready yet, the model decides as it would alone.
 */
final class StaticTier {
    /** Fitted on classifier-models/eval/tune-set.yaml (docs/routing.md, "A static first opinion"). */
    static final double DEFAULT_MARGIN = 0.045;

    private final Supplier<StaticEmbeddings> table;
    private final Lazy<EmbeddingMatcher> matcher;
    private final double margin;

    /** @param table the table, or null while it is not ready */
    StaticTier(List<Intent> intents, SentenceEmbedder embedder, int window, Supplier<StaticEmbeddings> table,
               double margin) {
        this.table = table;
        this.margin = margin;
        this.matcher = new Lazy<>(() -> EmbeddingMatcher.overTable(intents, embedder, window, table.get()));
    }

    /** The intents' scores over the table, best first; null while the table is not ready. */
    Map<String, Double> scores(PromptParts parts) {
        if (table.get() == null) {
            return null;
        }
        return matcher.get().scores(parts);
    }

    /** Whether the best intent leads by the margin, so the table's opinion stands. */
    boolean sure(Map<String, Double> scores) {
        Iterator<Double> ranked = scores.values().iterator();
        double best = ranked.next();
        double second = ranked.hasNext() ? ranked.next() : 0;
        return best - second >= margin;
    }

    double margin() {
        return margin;
    }

    /**
     * The lowest margin at which the cascade gets as many prompts right as the model alone, the way calibration
     * fits thresholds: the table decides the prompts at or above it, the model the others.
     *
     * @param samples per tier-2 prompt: the table's margin, 1 if the table is right, 1 if the model is right
     * @return the margin, and how many prompts the table decides at it
     */
    static double[] fitMargin(List<double[]> samples) {
        List<double[]> sorted = new ArrayList<>(samples);
        sorted.sort((a, b) -> Double.compare(b[0], a[0]));
        int modelRight = 0;
        for (double[] s : sorted) {
            modelRight += (int) s[2];
        }
        int right = modelRight;
        int decided = 0;
        for (int k = 0; k < sorted.size(); k++) { // the table takes one more prompt, widest margin first
            right += (int) (sorted.get(k)[1] - sorted.get(k)[2]);
            boolean tie = k + 1 < sorted.size() && sorted.get(k + 1)[0] == sorted.get(k)[0];
            if (right >= modelRight && !tie) {
                decided = k + 1;
            }
        }
        if (decided == 0) {
            return new double[] {sorted.isEmpty() ? 1 : sorted.get(0)[0] + 0.001, 0};
        }
        double lastIn = sorted.get(decided - 1)[0];
        double nextOut = decided < sorted.size() ? sorted.get(decided)[0] : lastIn;
        return new double[] {(lastIn + nextOut) / 2, decided};
    }
}
