package io.camelgateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads gateway.yaml: the file named by GATEWAY_CONFIG, or the embedded default. String values may use
 * ${NAME} and ${NAME:-default}, resolved from the environment.
 */
public final class GatewayConfigLoader {
    public static final Set<String> FORMATS = Set.of("openai", "azure", "anthropic", "gemini", "bedrock",
            "vertex");
    /** The formats whose own batch API the gateway can forward a batch to (batches: provider). */
    public static final List<String> BATCH_API_FORMATS = List.of("openai", "anthropic", "gemini");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)(?::-([^}]*))?}");
    private static final String EMBEDDED = "gateway.yaml";

    private final UnaryOperator<String> variables;

    /** @param variables looks up a variable, returning null when it is not set */
    public GatewayConfigLoader(UnaryOperator<String> variables) {
        this.variables = variables;
    }

    /** Environment variables, then Java system properties of the same name. */
    public static UnaryOperator<String> environment() {
        return name -> {
            String value = System.getenv(name);
            return value != null ? value : System.getProperty(name);
        };
    }

    /** Loads the file GATEWAY_CONFIG names, or else the embedded default. */
    public GatewayConfig load() throws IOException {
        String file = variables.apply("GATEWAY_CONFIG");
        if (file != null && !file.isBlank()) {
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                return parse(in, file);
            }
        }
        try (InputStream in = GatewayConfigLoader.class.getClassLoader().getResourceAsStream(EMBEDDED)) {
            if (in == null) {
                throw new IOException("The embedded " + EMBEDDED + " is missing from the classpath");
            }
            return parse(in, "embedded " + EMBEDDED);
        }
    }

    public GatewayConfig parse(InputStream in, String source) throws IOException {
        JsonNode document = new YAMLMapper().readTree(in);
        if (document == null || !document.isObject()) {
            throw new IllegalArgumentException(source + ": expected a YAML mapping at the top");
        }
        ConfigSection root = new ConfigSection(document, this::resolve, source + ":");
        return new GatewayConfig(callerKeys(root), providers(root), aliases(root), prices(root), root);
    }

    private List<GatewayConfig.CallerKey> callerKeys(ConfigSection root) {
        List<GatewayConfig.CallerKey> result = new ArrayList<>();
        List<ConfigSection> keys = root.sections("keys");
        for (int i = 0; i < keys.size(); i++) {
            ConfigSection key = keys.get(i);
            String value = key.text("key", null);
            if (value == null) {
                throw key.invalid("key", "is missing");
            }
            if (!value.isBlank()) {
                result.add(new GatewayConfig.CallerKey(key.text("name", "caller-" + i), value,
                        key.text("team", null), Set.copyOf(key.list("roles"))));
            }
        }
        return result;
    }

    private Map<String, ProviderConfig> providers(ConfigSection root) {
        Map<String, ProviderConfig> result = new LinkedHashMap<>();
        root.sectionsByName("providers").forEach((name, p) -> {
            String format = p.text("format", name);
            if (!FORMATS.contains(format)) {
                throw p.invalid("format", "'" + format + "' is not one of " + FORMATS);
            }
            String region = p.text(format.equals("vertex") ? "location" : "region", null);
            String project = p.text("project", null);
            if (format.equals("vertex") && project == null) {
                throw p.invalid("project", "is required for the vertex format (the Google Cloud project id)");
            }
            if ((format.equals("bedrock") || format.equals("vertex")) && region == null) {
                throw p.invalid(format.equals("vertex") ? "location" : "region", "is required for the " + format
                        + " format");
            }
            String baseUrl = p.text("baseUrl", defaultBaseUrl(format, region));
            if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
                throw p.invalid("baseUrl", "an http(s) URL is required");
            }
            String batches = p.text("batches", ProviderConfig.BATCHES_GATEWAY);
            if (!batches.equals(ProviderConfig.BATCHES_GATEWAY) && !batches.equals(ProviderConfig.BATCHES_PROVIDER)) {
                throw p.invalid("batches", "'" + batches + "' is not 'gateway' or 'provider'");
            }
            if (batches.equals(ProviderConfig.BATCHES_PROVIDER) && !BATCH_API_FORMATS.contains(format)) {
                throw p.invalid("batches", "the gateway forwards batches only to the " + BATCH_API_FORMATS
                        + " formats' batch APIs, not " + format + "'s");
            }
            Duration requestTimeout = p.duration("requestTimeout", Duration.ofSeconds(120));
            // A provider gets the whole requestTimeout to start, unless told otherwise.
            Duration firstByte = p.duration("firstByteTimeout", requestTimeout);
            result.put(name, new ProviderConfig(name, format, baseUrl, p.text("credential", "none"),
                    p.text("apiVersion", null), p.map("deployments"), p.map("headers"), p.list("models"),
                    p.duration("connectTimeout", Duration.ofSeconds(10)), requestTimeout,
                    firstByte.compareTo(requestTimeout) > 0 ? requestTimeout : firstByte,
                    p.integer("defaultMaxTokens", 4096), p.map("breaker"), region, project, batches));
        });
        return result;
    }

    /** The public endpoint of a cloud format in its region; other formats have none. */
    private static String defaultBaseUrl(String format, String region) {
        return switch (format) {
            case "bedrock" -> "https://bedrock-runtime." + region + ".amazonaws.com";
            case "vertex" -> region.equals("global") ? "https://aiplatform.googleapis.com"
                    : "https://" + region + "-aiplatform.googleapis.com";
            default -> null;
        };
    }

    private Map<String, String> aliases(ConfigSection root) {
        Map<String, String> result = new LinkedHashMap<>(root.map("models"));
        result.forEach((alias, target) -> {
            if (!target.contains("/")) {
                throw root.invalid("models." + alias, "must name 'provider/model', not '" + target + "'");
            }
        });
        return result;
    }

    /**
     * prices: {"openai/gpt-4o-mini": {input: 0.15, output: 0.60, cachedInput: 0.075}}, in USD per million tokens;
     * cachedInput, cacheWrite, batchInput and batchOutput are optional.
     */
    private static double optionalPrice(ConfigSection root, String model, ConfigSection price, String field,
                                        double otherwise) {
        JsonNode value = price.node().get(field);
        if (value == null) {
            return otherwise;
        }
        if (!value.isNumber()) {
            throw root.invalid("prices." + model + "." + field, "must be a number (USD per million tokens)");
        }
        return value.asDouble();
    }

    private Map<String, GatewayConfig.Price> prices(ConfigSection root) {
        Map<String, GatewayConfig.Price> result = new LinkedHashMap<>();
        root.sectionsByName("prices").forEach((model, price) -> {
            if (!model.contains("/")) {
                throw root.invalid("prices." + model, "name the model as 'provider/model'");
            }
            JsonNode input = price.node().get("input");
            JsonNode output = price.node().get("output");
            if (input == null || !input.isNumber() || output == null || !output.isNumber()) {
                throw root.invalid("prices." + model, "needs numbers 'input' and 'output' (USD per million "
                        + "tokens)");
            }
            double discount = 1 - GatewayConfig.Price.PUBLISHED_BATCH_DISCOUNT;
            result.put(model, new GatewayConfig.Price(input.asDouble(), output.asDouble(),
                    optionalPrice(root, model, price, "cachedInput", input.asDouble()),
                    optionalPrice(root, model, price, "cacheWrite", input.asDouble()),
                    optionalPrice(root, model, price, "batchInput", input.asDouble() * discount),
                    optionalPrice(root, model, price, "batchOutput", output.asDouble() * discount)));
        });
        return result;
    }

    /** Replaces ${NAME} and ${NAME:-default}; an unset variable without a default becomes empty. */
    String resolve(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String found = variables.apply(m.group(1));
            String replacement = found != null && !found.isEmpty() ? found : (m.group(2) != null ? m.group(2) : "");
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
