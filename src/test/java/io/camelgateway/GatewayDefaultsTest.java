package io.camelgateway;

import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gateway-defaults.properties: every gateway.* property has a usable default, and an application's value wins. */
class GatewayDefaultsTest {

    @Test
    void everyDefaultIsAGatewayPropertyThatResolvesInAPlainContext() throws Exception {
        Properties defaults = GatewayDefaults.load();
        assertFalse(defaults.isEmpty());
        try (CamelContext context = new DefaultCamelContext()) {
            GatewayDefaults.addTo(context);
            for (String key : defaults.stringPropertyNames()) {
                // camel.* settings here would be read after camel-main has configured itself, so never applied.
                assertTrue(key.startsWith("gateway."), key + ": only gateway.* properties belong in this file");
                String value = context.resolvePropertyPlaceholders("{{" + key + "}}");
                assertFalse(value.isBlank() || value.contains("{{"), key + " = '" + value + "'");
            }
        }
    }

    @Test
    void applicationsOwnValueWinsOverTheEnvironmentAndTheDefault() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addInitialProperty("gateway.retry.max-retries", "0");
            GatewayDefaults.addTo(context);
            assertEquals("0", context.resolvePropertyPlaceholders("{{gateway.retry.max-retries}}"));
            assertEquals(System.getenv().getOrDefault("GATEWAY_PORT", "8080"),
                    context.resolvePropertyPlaceholders("{{gateway.port}}"), "the environment variable, else 8080");
        }
    }
}
