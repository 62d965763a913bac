package io.camelgateway.routing.semantic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibration: fits each intent's tier-2 threshold to labelled prompts. For the prompts whose best tier-2 intent
 * is X (and clear of the runner-up by the margin), accepting X is right when the label is X; rejecting it hands
 * the prompt to the fallback (the classifier's answer, or the default intent), which is right when that matches
 * the label. X's threshold is the score that gets the most of them right; ties go to the lower threshold, and the
 * threshold sits halfway between the last accepted score and the next lower one.
 */
public final class ThresholdFit {
    /** Intents with fewer labelled prompts than this keep the router's minScore. */
    static final int MIN_PROMPTS = 3;

    /** What tier 2 said about one labelled prompt, and where it would go if tier 2 stood aside. */
    public record Sample(String label, String best, double score, double margin, String fallback) {
    }

    private ThresholdFit() {
    }

    public static Map<String, Double> fit(List<Sample> samples, double minMargin) {
        Map<String, List<Sample>> byBest = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (s.margin() >= minMargin) {
                byBest.computeIfAbsent(s.best(), b -> new ArrayList<>()).add(s);
            }
        }
        Map<String, Double> thresholds = new LinkedHashMap<>();
        byBest.forEach((intent, list) -> {
            if (list.size() >= MIN_PROMPTS) {
                thresholds.put(intent, fitOne(intent, list));
            }
        });
        return thresholds;
    }

    private static double fitOne(String intent, List<Sample> list) {
        List<Sample> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparingDouble(Sample::score).reversed());
        // Start with everything rejected, then accept one more prompt at a time, highest score first.
        int correct = 0;
        for (Sample s : sorted) {
            correct += s.label().equals(s.fallback()) ? 1 : 0;
        }
        int bestCorrect = correct;
        int accepted = 0;
        for (int k = 0; k < sorted.size(); k++) {
            Sample s = sorted.get(k);
            correct += (s.label().equals(intent) ? 1 : 0) - (s.label().equals(s.fallback()) ? 1 : 0);
            if (correct >= bestCorrect) {
                bestCorrect = correct;
                accepted = k + 1;
            }
        }
        if (accepted == 0) {
            return round(Math.min(1, sorted.get(0).score() + 0.01));
        }
        double lastIn = sorted.get(accepted - 1).score();
        double nextOut = accepted < sorted.size() ? sorted.get(accepted).score() : lastIn - 0.02;
        return round(Math.max(0, (lastIn + nextOut) / 2));
    }

    private static double round(double value) {
        return Math.floor(value * 1000) / 1000;
    }
}
