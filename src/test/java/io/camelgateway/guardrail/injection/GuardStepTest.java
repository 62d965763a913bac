package io.camelgateway.guardrail.injection;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.policy.ModelAccess;
import io.camelgateway.policy.Policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The guard's choice predicate as a route calls it, with and without the step's own mode. */
class GuardStepTest {

    @Test
    void stepModeTurnsTheGuardOnWhereTheGatewayDefaultIsOff() throws Exception {
        PromptInjectionGuard guard = new PromptInjectionGuard(new InjectionDetector(null, null,
                InjectionDetector.Settings.DEFAULTS), new PromptInjectionSettings(InjectionMode.OFF,
                InjectionDetector.Settings.DEFAULTS, Set.of("user"), null),
                new ModelAccess(() -> Policy.NONE, null, Map.of(), null), new SimpleMeterRegistry());
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("promptInjectionGuard", guard);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:default").choice().when().method("promptInjectionGuard", "applies")
                            .setBody(constant("checked")).otherwise().setBody(constant("skipped"));
                    from("direct:step").choice().when().method("promptInjectionGuard", "appliesAs(*, block)")
                            .setBody(constant("checked")).otherwise().setBody(constant("skipped"));
                }
            });
            context.start();
            ChatRequest request = new ChatRequest();
            request.model = "m";
            request.messages = List.of(new ChatMessage("user", "hi"));
            assertEquals("skipped", context.createProducerTemplate().requestBody("direct:default", request));
            assertEquals("checked", context.createProducerTemplate().requestBody("direct:step", request));
        }
    }
}
