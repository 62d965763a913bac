package io.camelgateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GatewayConfigLoaderTest {

    private static GatewayConfigLoader loader(Map<String, String> variables) {
        return new GatewayConfigLoader(variables::get);
    }

    private static GatewayConfig parse(String yaml) throws IOException {
        return loader(Map.of()).parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static IllegalArgumentException rejected(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> parse(yaml));
    }

    @Test
    void variablesAreInterpolatedWithDefaults() {
        GatewayConfigLoader loader = loader(Map.of("HOST", "example.com", "EMPTY", "", "PRICE", "$5\\"));

        assertEquals("https://example.com/v1", loader.resolve("https://${HOST}/v1"));
        assertEquals("fallback", loader.resolve("${UNSET:-fallback}"));
        assertEquals("fallback", loader.resolve("${EMPTY:-fallback}"));
        assertEquals("example.com", loader.resolve("${HOST:-fallback}"));
        assertEquals("a--b", loader.resolve("a-${UNSET}-b"));
        assertEquals("$5\\", loader.resolve("${PRICE}"));
        assertEquals("example.com:example.com", loader.resolve("${HOST}:${HOST}"));
    }

    @Test
    void embeddedDefaultLoadsTheProvidersWithTheirBaseUrls() throws IOException {
        GatewayConfig config = loader(Map.of()).load();

        assertEquals(List.of("openai", "anthropic", "gemini", "private"), List.copyOf(config.providers().keySet()));
        assertEquals("http://localhost:11434/v1", config.providers().get("private").baseUrl());
        assertEquals("none", config.providers().get("private").credential());
        assertEquals("https://api.openai.com/v1", config.providers().get("openai").baseUrl());
        assertEquals("https://api.anthropic.com", config.providers().get("anthropic").baseUrl());
        assertEquals("https://generativelanguage.googleapis.com", config.providers().get("gemini").baseUrl());
        assertEquals("env:OPENAI_API_KEY", config.providers().get("openai").credential());
        assertEquals("anthropic/claude-sonnet-4-5", config.aliases().get("claude-sonnet"));
        assertEquals(List.of(), config.callerKeys());
    }

    @Test
    void openAiBaseUrlVariableOverridesTheEmbeddedDefault() throws IOException {
        GatewayConfig config = loader(Map.of("OPENAI_BASE_URL", "http://localhost:11434/v1")).load();

        assertEquals("http://localhost:11434/v1", config.providers().get("openai").baseUrl());
        assertEquals("https://api.anthropic.com", config.providers().get("anthropic").baseUrl());
    }

    @Test
    void unknownFormatIsRejectedNamingTheKey() {
        IllegalArgumentException e = rejected("""
                providers:
                  x: {format: cohere, baseUrl: "https://x.example"}
                """);
        assertTrue(e.getMessage().contains("providers.x.format"), e.getMessage());
        assertTrue(e.getMessage().contains("'cohere'"), e.getMessage());
    }

    @Test
    void missingBaseUrlIsRejectedNamingTheKey() {
        IllegalArgumentException e = rejected("""
                providers:
                  openai: {credential: none}
                """);
        assertTrue(e.getMessage().contains("providers.openai.baseUrl"), e.getMessage());
    }

    @Test
    void badDurationIsRejectedNamingTheKey() {
        IllegalArgumentException e = rejected("""
                providers:
                  openai: {baseUrl: "https://x.example", requestTimeout: soon}
                """);
        assertTrue(e.getMessage().contains("providers.openai.requestTimeout"), e.getMessage());
        assertTrue(e.getMessage().contains("'soon'"), e.getMessage());
    }

    @Test
    void aliasWithoutProviderIsRejectedNamingTheKey() {
        IllegalArgumentException e = rejected("""
                models:
                  fast: gpt-4o-mini
                """);
        assertTrue(e.getMessage().contains("models.fast"), e.getMessage());
    }

    @Test
    void durationsAcceptSecondsMinutesAndBareMilliseconds() throws IOException {
        Map<String, ProviderConfig> providers = parse("""
                providers:
                  a: {format: openai, baseUrl: "https://a.example", connectTimeout: 30s, requestTimeout: 2m}
                  b: {format: openai, baseUrl: "https://b.example", connectTimeout: 1500}
                """).providers();
        ProviderConfig a = providers.get("a");
        ProviderConfig b = providers.get("b");

        assertEquals(Duration.ofSeconds(30), a.connectTimeout());
        assertEquals(Duration.ofMinutes(2), a.requestTimeout());
        assertEquals(Duration.ofMillis(1500), b.connectTimeout());
        assertEquals(Duration.ofSeconds(120), b.requestTimeout());
    }

    @Test
    void pricesAreReadPerProviderModelAndCheckedAtLoad() throws IOException {
        GatewayConfig config = parse("prices: {\"openai/gpt-4o-mini\": {input: 0.15, output: 0.6}}");
        assertEquals(new GatewayConfig.Price(0.15, 0.6), config.prices().get("openai/gpt-4o-mini"));
        assertEquals(0.75e-6, config.prices().get("openai/gpt-4o-mini").cost(1, 1), 1e-12);
        assertTrue(rejected("prices: {gpt-4o: {input: 1, output: 2}}").getMessage()
                .contains("prices.gpt-4o: name the model as 'provider/model'"));
        assertTrue(rejected("prices: {\"openai/gpt-4o\": {input: cheap, output: 2}}").getMessage()
                .contains("prices.openai/gpt-4o: needs numbers 'input' and 'output'"));
    }

    @Test
    void batchPricesAreHalfTheOrdinaryOnesUnlessGiven() throws IOException {
        GatewayConfig config = parse("prices: {\"openai/gpt-4o-mini\": {input: 0.15, output: 0.6}, "
                + "\"anthropic/claude-haiku-4-5\": {input: 1.0, output: 5.0, cachedInput: 0.1, batchInput: 0.4, "
                + "batchOutput: 2.0}}");
        GatewayConfig.Price mini = config.prices().get("openai/gpt-4o-mini").forBatch();
        assertEquals(0.075, mini.input(), 1e-12);
        assertEquals(0.3, mini.output(), 1e-12);
        GatewayConfig.Price haiku = config.prices().get("anthropic/claude-haiku-4-5").forBatch();
        assertEquals(0.4, haiku.input(), 1e-12);
        assertEquals(2.0, haiku.output(), 1e-12);
        assertEquals(0.04, haiku.cachedInput(), 1e-12, "cached tokens at the input's batch discount");
        assertTrue(rejected("prices: {\"openai/gpt-4o\": {input: 1, output: 2, batchInput: half}}").getMessage()
                .contains("prices.openai/gpt-4o.batchInput: must be a number"));
    }

    @Test
    void aProviderSaysWhoRunsItsBatches() throws IOException {
        GatewayConfig config = parse("""
                providers:
                  openai: {format: openai, baseUrl: "http://localhost/v1", batches: provider}
                  anthropic: {format: anthropic, baseUrl: "http://localhost"}
                """);
        assertTrue(config.providers().get("openai").forwardsBatches());
        assertEquals("gateway", config.providers().get("anthropic").batches());
        assertTrue(rejected("providers: {openai: {format: openai, baseUrl: \"http://x/v1\", batches: sometimes}}")
                .getMessage().contains("providers.openai.batches: 'sometimes' is not 'gateway' or 'provider'"));
        assertTrue(rejected("providers: {b: {format: bedrock, region: us-east-1, batches: provider}}")
                .getMessage().contains("providers.b.batches: the gateway forwards batches only to the"));
    }

    @Test
    void theForwardingExampleOfTheBatchesGuideLoadsAsWritten() throws IOException {
        String guide = java.nio.file.Files.readString(java.nio.file.Path.of("docs/batches.md"));
        String section = guide.substring(guide.indexOf("## Forwarding to the provider's batch API"));
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```", section.indexOf("```yaml") + 7));
        GatewayConfig config = parse(yaml);
        assertTrue(config.providers().get("openai").forwardsBatches());
        assertTrue(config.providers().get("anthropic").forwardsBatches());
        assertTrue(config.providers().get("gemini").forwardsBatches());
        assertEquals("gateway", config.providers().get("bedrock").batches());
        assertEquals(0.075, config.prices().get("openai/gpt-4o-mini").forBatch().input(), 1e-12);
    }
}
