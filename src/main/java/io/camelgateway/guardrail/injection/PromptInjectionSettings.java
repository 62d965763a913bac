package io.camelgateway.guardrail.injection;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;

import io.camelgateway.config.ContextProperties;

/**
 * The prompt-injection guard's settings, from the gateway's properties (gateway-defaults.properties lists them):
 * <ul>
 * <li>{@code gateway.guardrails.prompt-injection.mode}: block, flag or off, for requests whose team's policy and
 * route step name none;</li>
 * <li>{@code .threshold}: the score at which a request counts as an injection (0 to 1);</li>
 * <li>{@code .roles}: the roles of the messages scanned, user and tool by default; add system and developer to scan
 * the operator's own prompt too, assistant to scan replayed turns;</li>
 * <li>{@code .examples-file}: the attack examples, else the ones in the jar.</li>
 * </ul>
 */
public record PromptInjectionSettings(InjectionMode mode, InjectionDetector.Settings detector, Set<String> roles,
                                      Path examplesFile) {
    /** What a caller controls: their own messages, and what their tools returned (indirect injection). */
    public static final Set<String> DEFAULT_ROLES = Set.of("user", "tool", "function");
    public static final String BUNDLED_EXAMPLES = "classifier-models/prompt-injection.yaml";
    private static final String PREFIX = "gateway.guardrails.prompt-injection.";

    public static PromptInjectionSettings from(CamelContext context) {
        InjectionDetector.Settings d = InjectionDetector.Settings.DEFAULTS;
        double threshold = Double.parseDouble(property(context, "threshold", String.valueOf(d.threshold())));
        if (threshold <= 0 || threshold > 1) {
            throw new IllegalArgumentException(PREFIX + "threshold: " + threshold + " is not above 0 and at most 1");
        }
        Set<String> roles = Arrays.stream(property(context, "roles", "user,tool,function").split(","))
                .map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
        InjectionMode mode;
        try {
            mode = InjectionMode.named(property(context, "mode", "off"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "mode: " + e.getMessage());
        }
        return new PromptInjectionSettings(mode,
                new InjectionDetector.Settings(threshold, d.similarityFloor(), d.similarityFull()), roles,
                Path.of(property(context, "examples-file", BUNDLED_EXAMPLES)));
    }

    private static String property(CamelContext context, String key, String fallback) {
        return ContextProperties.text(context, PREFIX + key, fallback);
    }
}
