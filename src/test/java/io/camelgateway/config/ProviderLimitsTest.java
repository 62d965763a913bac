package io.camelgateway.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProviderLimitsTest {

    private static ProviderLimits limits(String providerBlock) throws IOException {
        String yaml = "providers:\n  openai:\n    baseUrl: https://api.openai.com/v1\n" + providerBlock.indent(4);
        GatewayConfig config = new GatewayConfigLoader(Map.of("TPM", "200000")::get)
                .parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "gateway.yaml");
        return ProviderLimits.read(config.root().section("providers").section("openai"));
    }

    @Test
    void providerAndModelLimitsAndTheQueueAreRead() throws IOException {
        ProviderLimits limits = limits("""
                limits: {rpm: 500, tpm: "${TPM}", concurrency: 50}
                modelLimits:
                  gpt-4o: {rpm: 100}
                queue: {size: 20, maxWait: 10s}
                """);

        assertEquals(new ProviderLimits.Rates(500, 200_000, 50), limits.provider());
        assertEquals(Map.of("gpt-4o", new ProviderLimits.Rates(100, 0, 0)), limits.models());
        assertEquals(20, limits.queueSize());
        assertEquals(Duration.ofSeconds(10), limits.maxWait());
    }

    @Test
    void withoutLimitsNothingWaitsAndTheQueueHasItsDefaults() throws IOException {
        ProviderLimits limits = limits("format: openai");

        assertFalse(limits.any());
        assertEquals(ProviderLimits.DEFAULT_QUEUE_SIZE, limits.queueSize());
        assertEquals(ProviderLimits.DEFAULT_MAX_WAIT, limits.maxWait());
    }

    @Test
    void mistakesSayWhereTheyAre() {
        assertEquals("gateway.yaml: providers.openai.limits.rqm: is not a limit; use rpm, tpm or concurrency",
                assertThrows(IllegalArgumentException.class, () -> limits("limits: {rqm: 5}")).getMessage());
        assertEquals("gateway.yaml: providers.openai.modelLimits.gpt-4o.concurrency: must be 0 (no limit) or more",
                assertThrows(IllegalArgumentException.class,
                        () -> limits("modelLimits: {gpt-4o: {concurrency: -1}}")).getMessage());
        assertEquals("gateway.yaml: providers.openai.queue.maxWait: 'soon' is not a duration",
                assertThrows(IllegalArgumentException.class, () -> limits("queue: {maxWait: soon}")).getMessage()
                        .replaceAll("(not a duration).*", "$1"));
    }
}
