package io.camelgateway.guardrail.pii;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.policy.ModelAccess;
import io.camelgateway.policy.Policy;
import io.camelgateway.routing.ModelCatalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The shipped default: the guard off costs a request no scan, in the screen, restore and dry-run steps alike. */
class PiiGuardOffTest {
    private static final String TEXT = "Mail maria@example.com about card 4111 1111 1111 1111";

    @Test
    void offScansNothingAndChangesNothing() throws Exception {
        GatewayConfig config = new GatewayConfigLoader(name -> null).load();
        ModelCatalog catalog = new ModelCatalog(config, List.of(), Set::of);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PiiGuard guard = new PiiGuard(PiiSettings.DEFAULTS, new ModelAccess(() -> Policy.NONE, catalog, Map.of(), null),
                new PrivateModels(config, catalog), meters);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            ChatRequest request = new ChatRequest();
            request.model = "gpt-4o-mini";
            request.messages = List.of(new ChatMessage("user", TEXT));
            exchange.getMessage().setBody(request);

            guard.screen(exchange);
            guard.explain(exchange);
            assertEquals(TEXT, exchange.getMessage().getBody(ChatRequest.class).messages.get(0).text());
            assertNull(exchange.getProperty(PiiGuard.PLACEHOLDERS));
            assertNull(exchange.getMessage().getHeader(PiiGuard.HEADER));

            ChatCompletion answer = new ChatCompletion();
            answer.choices = List.of(new ChatCompletion.Choice(0, new ChatMessage("assistant", TEXT), "stop"));
            exchange.getMessage().setBody(answer);
            guard.restore(exchange);
            assertEquals(TEXT, answer.choices.get(0).message.text());
        }
        assertEquals(0, meters.get("gateway.guardrail.duration").timer().count(), "no scan timed");
        assertNull(meters.find("gateway.guardrail.checks").counter(), "no check counted");
    }
}
