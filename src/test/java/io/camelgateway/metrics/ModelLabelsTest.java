package io.camelgateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.Target;

class ModelLabelsTest {
    private final AtomicReference<Set<String>> pools = new AtomicReference<>(Set.of("reliable"));
    private GatewayConfig config;
    private ModelLabels labels;

    @BeforeEach
    void setUp() throws IOException {
        config = new GatewayConfigLoader(name -> null).load(); // the shipped gateway.yaml
        labels = new ModelLabels(config, List.of("auto", "private/meta/llama-3-8b"), pools::get);
    }

    private String served(String provider, String model) {
        ProviderConfig configured = config.providers().get(provider);
        return labels.served(new Target(configured, model, model));
    }

    @Test
    void aConfiguredModelLabelsItselfAndAnyOtherIsOther() {
        assertEquals("openai/gpt-4o-mini", served("openai", "gpt-4o-mini"));
        assertEquals("anthropic/claude-haiku-4-5", served("anthropic", "claude-haiku-4-5"));
        assertEquals(ModelLabels.OTHER, served("openai", "made-up-model"));
        assertEquals(ModelLabels.OTHER, served("anthropic", "gpt-4o-mini"), "another provider's model");
        assertEquals(ModelLabels.OTHER, served("openai", null));
    }

    @Test
    void aServedModelWhoseNameHasASlashIsFound() {
        assertEquals("private/meta/llama-3-8b", served("private", "meta/llama-3-8b"));
        assertEquals(ModelLabels.OTHER, served("private", "meta"));
    }

    @Test
    void aRequestedPoolLabelsItselfWhileItExists() {
        assertEquals("reliable", labels.requested("reliable"));
        assertEquals("gpt-4o-mini", labels.requested("gpt-4o-mini"));
        assertEquals("auto", labels.requested("auto"));
        assertEquals(ModelLabels.OTHER, labels.requested("fastest"));
        pools.set(Set.of("fastest")); // a route file reloaded
        assertEquals("fastest", labels.requested("fastest"));
        assertEquals(ModelLabels.OTHER, labels.requested("reliable"));
        assertEquals(ModelLabels.OTHER, labels.requested(null));
    }
}
