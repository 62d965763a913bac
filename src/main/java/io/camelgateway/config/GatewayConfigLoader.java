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
    public static final Set<String> FORMATS = Set.of("openai", "azure", "anthropic", "gemini");
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
        String source = source();
        try (InputStream in = open(source)) {
            return parse(in, source);
        }
    }

    /**
     * One top-level block of the same file, as YAML, for a feature that reads its own settings (its strings still
     * need {@link #resolve}); a missing node when the file has no such block.
     */
    public JsonNode section(String name) throws IOException {
        String source = source();
        try (InputStream in = open(source)) {
            return root(in, source).path(name);
        }
    }

    /** Where the configuration comes from: the GATEWAY_CONFIG file, or the embedded default. */
    public String source() {
        String file = variables.apply("GATEWAY_CONFIG");
        return file != null && !file.isBlank() ? file : "embedded " + EMBEDDED;
    }

    private InputStream open(String source) throws IOException {
        if (!source.startsWith("embedded ")) {
            return Files.newInputStream(Path.of(source));
        }
        InputStream in = GatewayConfigLoader.class.getClassLoader().getResourceAsStream(EMBEDDED);
        if (in == null) {
            throw new IOException("The embedded " + EMBEDDED + " is missing from the classpath");
        }
        return in;
    }

    private static JsonNode root(InputStream in, String source) throws IOException {
        JsonNode root = new YAMLMapper().readTree(in);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a YAML mapping at the top");
        }
        return root;
    }

    public GatewayConfig parse(InputStream in, String source) throws IOException {
        JsonNode root = root(in, source);
        return new GatewayConfig(callerKeys(root.path("keys"), source), providers(root.path("providers"), source),
                aliases(root.path("models"), source), prices(root.path("prices"), source));
    }

    private List<GatewayConfig.CallerKey> callerKeys(JsonNode keys, String source) {
        List<GatewayConfig.CallerKey> result = new ArrayList<>();
        int i = 0;
        for (JsonNode key : keys) {
            String name = text(key, "name", "caller-" + i);
            String value = text(key, "key", null);
            if (value == null) {
                throw new IllegalArgumentException(source + ": keys[" + i + "] has no 'key'");
            }
            if (!value.isBlank()) {
                result.add(new GatewayConfig.CallerKey(name, value));
            }
            i++;
        }
        return result;
    }

    private Map<String, ProviderConfig> providers(JsonNode providers, String source) {
        Map<String, ProviderConfig> result = new LinkedHashMap<>();
        providers.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            JsonNode p = entry.getValue();
            String where = source + ": providers." + name;
            String format = text(p, "format", name);
            if (!FORMATS.contains(format)) {
                throw new IllegalArgumentException(where + ".format: '" + format + "' is not one of " + FORMATS);
            }
            String baseUrl = text(p, "baseUrl", null);
            if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
                throw new IllegalArgumentException(where + ".baseUrl: an http(s) URL is required");
            }
            result.put(name, new ProviderConfig(name, format, baseUrl, text(p, "credential", "none"),
                    text(p, "apiVersion", null), stringMap(p.path("deployments")), stringMap(p.path("headers")),
                    stringList(p.path("models")), duration(p, "connectTimeout", Duration.ofSeconds(10), where),
                    requestTimeout(p, where), firstByteTimeout(p, where), p.path("defaultMaxTokens").asInt(4096),
                    stringMap(p.path("breaker"))));
        });
        return result;
    }

    private Duration requestTimeout(JsonNode provider, String where) {
        return duration(provider, "requestTimeout", Duration.ofSeconds(120), where);
    }

    /** Defaults to the requestTimeout: a provider gets the whole time to start, unless told otherwise. */
    private Duration firstByteTimeout(JsonNode provider, String where) {
        Duration total = requestTimeout(provider, where);
        Duration first = duration(provider, "firstByteTimeout", total, where);
        return first.compareTo(total) > 0 ? total : first;
    }

    private Map<String, String> aliases(JsonNode models, String source) {
        Map<String, String> result = new LinkedHashMap<>();
        models.fields().forEachRemaining(entry -> {
            String target = resolve(entry.getValue().asText());
            if (!target.contains("/")) {
                throw new IllegalArgumentException(source + ": models." + entry.getKey()
                        + " must name 'provider/model', not '" + target + "'");
            }
            result.put(entry.getKey(), target);
        });
        return result;
    }

    /** prices: {"openai/gpt-4o-mini": {input: 0.15, output: 0.60}}, in USD per million tokens. */
    private Map<String, GatewayConfig.Price> prices(JsonNode prices, String source) {
        Map<String, GatewayConfig.Price> result = new LinkedHashMap<>();
        prices.fields().forEachRemaining(entry -> {
            String where = source + ": prices." + entry.getKey();
            if (!entry.getKey().contains("/")) {
                throw new IllegalArgumentException(where + ": name the model as 'provider/model'");
            }
            JsonNode input = entry.getValue().get("input");
            JsonNode output = entry.getValue().get("output");
            if (input == null || !input.isNumber() || output == null || !output.isNumber()) {
                throw new IllegalArgumentException(where + ": needs numbers 'input' and 'output' (USD per million "
                        + "tokens)");
            }
            result.put(entry.getKey(), new GatewayConfig.Price(input.asDouble(), output.asDouble()));
        });
        return result;
    }

    private String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : resolve(value.asText());
    }

    private Map<String, String> stringMap(JsonNode node) {
        Map<String, String> result = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> result.put(e.getKey(), resolve(e.getValue().asText())));
        return result;
    }

    private List<String> stringList(JsonNode node) {
        List<String> result = new ArrayList<>();
        node.forEach(v -> result.add(resolve(v.asText())));
        return result;
    }

    private Duration duration(JsonNode node, String field, Duration fallback, String where) {
        String value = text(node, field, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + field + ": " + e.getMessage());
        }
    }

    /** Replaces ${NAME} and ${NAME:-default}; an unset variable without a default becomes empty. */
    public String resolve(String value) {
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
