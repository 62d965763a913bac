package io.camelgateway.routing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The models routes choose (an intent's model for "auto") against the configurations the project ships. */
class RoutedModelTest {
    private static final Pattern ROUTED = Pattern.compile(
            "name: " + GatewayConstants.ROUTED_MODEL + "\\s+constant: (\\S+)");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyIntentModelIsDefinedByTheEmbeddedConfiguration() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("gateway.yaml")) {
            assertDefinesTheIntentModels(parse(in, "gateway.yaml"));
        }
    }

    @Test
    void everyIntentModelIsDefinedByTheExampleInTheConfigurationGuide() throws IOException {
        Matcher block = YAML_BLOCK.matcher(Files.readString(Path.of("docs/configuration.md")));
        assertTrue(block.find(), "docs/configuration.md has a gateway.yaml example");
        byte[] example = block.group(1).getBytes(StandardCharsets.UTF_8);
        assertDefinesTheIntentModels(parse(new ByteArrayInputStream(example), "docs/configuration.md"));
    }

    @Test
    void intentRoutedToAnUndefinedModelIsTheGatewaysFaultNotAnUnknownModelOfTheCaller() throws IOException {
        String yaml = "providers:\n  openai:\n    format: openai\n    baseUrl: http://127.0.0.1:1/v1\n"
                + "    credential: none\n";
        ModelResolver resolver = new ModelResolver(new ModelCatalog(
                parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml"),
                List.of(), List::of));
        ChatRequest request = new ChatRequest();
        request.model = "auto";
        request.messages = List.of(new ChatMessage("user", "Write a function"));
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(request);
        exchange.setProperty(GatewayConstants.INTENT, "code");
        exchange.setProperty(GatewayConstants.ROUTED_MODEL, "claude-sonnet");

        GatewayException e = assertThrows(GatewayException.class, () -> resolver.process(exchange));

        assertEquals(500, e.status());
        assertEquals("routed_model_not_configured", e.code());
        assertTrue(e.getMessage().startsWith("The intent 'code' routes to the model 'claude-sonnet', which this "
                + "gateway's configuration does not define"), e.getMessage());

        request.model = "claude-sonnet";
        exchange.setProperty(GatewayConstants.ROUTED_MODEL, "claude-sonnet");
        GatewayException callers = assertThrows(GatewayException.class, () -> resolver.process(exchange));
        assertEquals("model_not_found", callers.code(), "a model the caller named is still a 404");
    }

    private static void assertDefinesTheIntentModels(GatewayConfig config) throws IOException {
        ModelCatalog catalog = new ModelCatalog(config, List.of(), List::of);
        List<String> models = intentModels();
        assertFalse(models.isEmpty(), "route-by-intent names models");
        List<String> undefined = new ArrayList<>();
        for (String model : models) {
            if (catalog.find(model).isEmpty()) {
                undefined.add(model);
            }
        }
        assertEquals(List.of(), undefined, "models routes/chat.camel.yaml routes intents to");
    }

    /** The models routes/chat.camel.yaml sets for the intents of "auto". */
    private static List<String> intentModels() throws IOException {
        List<String> models = new ArrayList<>();
        Matcher routed = ROUTED.matcher(Files.readString(Path.of("routes/chat.camel.yaml")));
        while (routed.find()) {
            models.add(routed.group(1));
        }
        return models;
    }

    private static GatewayConfig parse(InputStream in, String source) throws IOException {
        return new GatewayConfigLoader(Map.<String, String>of()::get).parse(in, source);
    }
}
