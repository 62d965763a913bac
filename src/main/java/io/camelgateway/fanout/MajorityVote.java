package io.camelgateway.fanout;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A majority over normalised answers, for classification-like prompts: case, accents, punctuation and spacing do
 * not matter ("Positive." and "positive" agree). Ties go to the answer that came first.
 */
public final class MajorityVote {
    /** @param winner the index of the first answer in the largest group; @param votes that group's size */
    public record Result(int winner, int votes) {
    }

    private MajorityVote() {
    }

    public static Result of(List<String> answers) {
        Map<String, int[]> groups = new LinkedHashMap<>(); // normalised answer -> {first index, count}
        for (int i = 0; i < answers.size(); i++) {
            int index = i;
            groups.computeIfAbsent(normalise(answers.get(i)), k -> new int[] {index, 0})[1]++;
        }
        int[] best = null;
        for (int[] group : groups.values()) {
            if (best == null || group[1] > best[1]) {
                best = group;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no answers to vote on");
        }
        return new Result(best[0], best[1]);
    }

    static String normalise(String answer) {
        String s = Normalizer.normalize(answer, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    }
}
