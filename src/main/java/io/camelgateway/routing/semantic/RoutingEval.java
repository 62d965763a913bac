package io.camelgateway.routing.semantic;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The eval command: routes every prompt of a labelled set and prints accuracy overall, per deciding tier and on
 * the prompts without keywords, the confusion matrix, and each tier's latency. {@code --examples 5} uses only each
 * intent's first five examples; {@code --holdout} also calibrates the thresholds on one half of the prompts and
 * scores the other half, both ways round, which estimates what calibration does for prompts it has not seen.
 * <pre>java -cp target/camel-llm-gateway.jar io.camelgateway.routing.semantic.RoutingEval \
 *     classifier-models/intents.yaml classifier-models/dev-set.yaml [--examples N] [--holdout] ...</pre>
 */
public final class RoutingEval {
    private RoutingEval() {
    }

    record Outcome(RoutingCommand.Labelled prompt, RoutingDecision decision, long nanos) {
        boolean correct() {
            return prompt.intent().equals(decision.intent());
        }
    }

    public static void main(String[] args) throws IOException {
        try (RoutingCommand command = new RoutingCommand(args, List.of("--holdout"))) {
            SemanticRouter router = command.router(command.intents);
            List<RoutingCommand.Labelled> prompts = command.prompts;
            for (int i = 0; i < 20; i++) {
                router.decide(RoutingCommand.request(prompts.get(i % prompts.size()).text())); // warm-up
            }
            List<Outcome> outcomes = route(router, prompts);
            report(command, "thresholds from the intents file", outcomes);
            if (command.hasFastEncoder()) {
                System.out.println();
                compareFastEncoder(command, prompts, outcomes);
            }
            if (command.flags.containsKey("--holdout")) {
                System.out.println();
                report(command, "calibrated on the other half of the prompts (2 folds)", holdout(command, router));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("RoutingEval: " + e.getMessage());
            System.err.println("usage: RoutingEval " + RoutingCommand.OPTIONS + " [--holdout]");
            System.exit(2);
        }
    }

    private static List<Outcome> route(SemanticRouter router, List<RoutingCommand.Labelled> prompts) {
        List<Outcome> outcomes = new ArrayList<>();
        for (RoutingCommand.Labelled prompt : prompts) {
            long start = System.nanoTime();
            RoutingDecision decision = router.decide(RoutingCommand.request(prompt.text()));
            outcomes.add(new Outcome(prompt, decision, System.nanoTime() - start));
        }
        return outcomes;
    }

    /**
     * The model alone, the static table alone and the cascade side by side, and the margin that would have lost
     * nothing against the model alone on these prompts, with the share of tier-2 prompts the table would decide.
     */
    private static void compareFastEncoder(RoutingCommand command, List<RoutingCommand.Labelled> prompts,
                                           List<Outcome> cascade) {
        List<Outcome> model = route(command.router(command.intents, Double.POSITIVE_INFINITY), prompts);
        List<Outcome> table = route(command.router(command.intents, 0), prompts);
        long tier2 = table.stream().filter(o -> o.decision().tier().equals(SemanticRouter.STATIC)).count();
        long toModel = cascade.stream().filter(o -> !o.decision().tier().equals(SemanticRouter.STATIC)
                && !o.decision().tier().equals(SemanticRouter.KEYWORD)).count();
        System.out.printf("overall, tier 2 by the model alone %.1f%%, by the static table alone %.1f%%, by the cascade %.1f%% "
                        + "(margin %.3f: %d of %d tier-2 prompts to the model)%n", accuracy(model), accuracy(table),
                accuracy(cascade), command.fastMargin, toModel, tier2);
        List<double[]> marginRightModelRight = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            RoutingDecision quick = table.get(i).decision();
            if (quick.tier().equals(SemanticRouter.STATIC)) {
                List<Double> scores = List.copyOf(quick.embeddingScores().values());
                marginRightModelRight.add(new double[] {scores.get(0) - (scores.size() > 1 ? scores.get(1) : 0),
                        table.get(i).correct() ? 1 : 0, model.get(i).correct() ? 1 : 0});
            }
        }
        double[] fit = StaticTier.fitMargin(marginRightModelRight);
        System.out.printf("fitted margin (the lowest that loses nothing against the model alone here): %.3f, the "
                + "table deciding %.0f of %d tier-2 prompts%n", fit[0], fit[1], marginRightModelRight.size());
    }

    private static double accuracy(List<Outcome> outcomes) {
        return 100.0 * outcomes.stream().filter(Outcome::correct).count() / outcomes.size();
    }

    /** Two folds: fit on the odd-numbered prompts and score the even ones, then the other way round. */
    private static List<Outcome> holdout(RoutingCommand command, SemanticRouter router) {
        List<RoutingCommand.Labelled> prompts = command.prompts;
        List<ThresholdFit.Sample> samples = new ArrayList<>();
        for (RoutingCommand.Labelled prompt : prompts) {
            samples.add(command.sample(prompt, router.decide(RoutingCommand.request(prompt.text()), true)));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int fold = 0; fold < 2; fold++) {
            List<ThresholdFit.Sample> train = new ArrayList<>();
            List<RoutingCommand.Labelled> test = new ArrayList<>();
            for (int i = 0; i < prompts.size(); i++) {
                if (i % 2 == fold) {
                    test.add(prompts.get(i));
                } else if (samples.get(i) != null) {
                    train.add(samples.get(i));
                }
            }
            Map<String, Double> thresholds = ThresholdFit.fit(train, command.settings.minMargin());
            System.out.println("fold " + (fold + 1) + " thresholds: " + thresholds);
            outcomes.addAll(route(command.router(command.intents.withThresholds(thresholds)), test));
        }
        return outcomes;
    }

    private static void report(RoutingCommand command, String thresholds, List<Outcome> outcomes) {
        List<Intent> intents = command.intents.intents();
        System.out.printf("%d prompts, %d intents, %d examples per intent on average, minScore %.2f, minMargin %.2f, "
                        + "encoder %s, window %d, %s, classifier: %s, fast encoder: %s%n", outcomes.size(), intents.size(),
                intents.stream().mapToInt(i -> i.examples().size()).sum() / intents.size(),
                command.settings.minScore(), command.settings.minMargin(), command.encoder().modelName(),
                command.window, thresholds,
                command.hasClassifier() ? "yes" : "none", command.fastEncoder());
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
        names.forEach(n -> System.out.printf("%9.8s", n));
        System.out.println();
        for (String expected : names) {
            Map<String, Integer> row = new LinkedHashMap<>();
            names.forEach(n -> row.put(n, 0));
            outcomes.stream().filter(o -> o.prompt().intent().equals(expected))
                    .forEach(o -> row.merge(o.decision().intent(), 1, Integer::sum));
            System.out.printf("%-18.18s", expected);
            row.values().forEach(v -> System.out.printf("%9d", v));
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
