package io.camelgateway.routing.semantic;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calibration command: fits each intent's tier-2 threshold to labelled prompts ({@link ThresholdFit}), prints
 * them with the labelled set's accuracy before and after, and with {@code --write} puts them into the intents
 * file as {@code threshold:} lines (the running gateway reloads it). With {@code --add-examples}, the labelled
 * prompts that tier 2 routes wrongly first become examples of their intent (callers' feedback grows the file).
 * The accuracy after is measured on the same prompts the fit saw; {@code RoutingEval --holdout} estimates it on
 * prompts the fit did not see.
 * <pre>java -cp target/camel-llm-gateway.jar io.camelgateway.routing.semantic.RoutingCalibration \
 *     classifier-models/intents.yaml classifier-models/feedback.yaml [--add-examples] [--write] ...</pre>
 */
public final class RoutingCalibration {
    private RoutingCalibration() {
    }

    public static void main(String[] args) throws IOException {
        try (RoutingCommand command = new RoutingCommand(args, List.of("--write", "--add-examples"))) {
            String yaml = Files.readString(command.intentsFile);
            IntentsFile intents = command.intents;
            if (command.flags.containsKey("--add-examples")) {
                yaml = ExampleWriter.write(yaml, misrouted(command));
                intents = IntentsLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                        command.intentsFile.toString());
            }
            SemanticRouter router = command.router(intents);
            List<ThresholdFit.Sample> samples = new ArrayList<>();
            int before = 0;
            for (RoutingCommand.Labelled prompt : command.prompts) {
                RoutingDecision explained = router.decide(RoutingCommand.request(prompt.text()), true);
                before += explained.intent().equals(prompt.intent()) ? 1 : 0;
                ThresholdFit.Sample sample = command.sample(prompt, explained);
                if (sample != null) {
                    samples.add(sample);
                }
            }
            Map<String, Double> thresholds = ThresholdFit.fit(samples, command.settings.minMargin());
            SemanticRouter calibrated = command.router(intents.withThresholds(thresholds));
            int after = 0;
            for (RoutingCommand.Labelled prompt : command.prompts) {
                after += calibrated.decide(RoutingCommand.request(prompt.text())).intent().equals(prompt.intent())
                        ? 1 : 0;
            }
            int n = command.prompts.size();
            System.out.printf("%d labelled prompts, %d decided by tier 2 or later, minMargin %.2f%n", n,
                    samples.size(), command.settings.minMargin());
            System.out.println("fitted thresholds (intents not listed keep minScore "
                    + command.settings.minScore() + "):");
            thresholds.forEach((intent, t) -> System.out.printf("  %-20s %.3f%n", intent, t));
            System.out.printf("accuracy on these prompts: before %.1f%%, after %.1f%% (the same prompts the fit saw)%n",
                    100.0 * before / n, 100.0 * after / n);
            if (command.flags.containsKey("--write")) {
                Files.writeString(command.intentsFile, ThresholdWriter.write(yaml, thresholds));
                System.out.println("written to " + command.intentsFile);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("RoutingCalibration: " + e.getMessage());
            System.err.println("usage: RoutingCalibration " + RoutingCommand.OPTIONS + " [--add-examples] [--write]");
            System.exit(2);
        }
    }

    /** The labelled prompts that the router as it stands sends elsewhere, by the intent they should go to. */
    private static Map<String, List<String>> misrouted(RoutingCommand command) {
        SemanticRouter router = command.router(command.intents);
        Map<String, List<String>> examples = new LinkedHashMap<>();
        for (RoutingCommand.Labelled prompt : command.prompts) {
            if (!router.decide(RoutingCommand.request(prompt.text())).intent().equals(prompt.intent())) {
                examples.computeIfAbsent(prompt.intent(), i -> new ArrayList<>()).add(prompt.text());
            }
        }
        System.out.printf("%d of %d labelled prompts were routed wrongly and become examples: %s%n",
                examples.values().stream().mapToInt(List::size).sum(), command.prompts.size(),
                examples.entrySet().stream().map(e -> e.getKey() + " +" + e.getValue().size()).toList());
        return examples;
    }
}
