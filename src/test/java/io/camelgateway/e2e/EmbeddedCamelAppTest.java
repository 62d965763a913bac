package io.camelgateway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.camelgateway.GatewayConfiguration;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.simulator.ProviderSimulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The gateway's beans and llm: component serve a Camel application that has its own context and routes. */
class EmbeddedCamelAppTest {

    @Test
    void ownRouteCallsAProviderThroughTheGatewayBeans() throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.start(0)) {
            Path dir = Files.createTempDirectory("embedded");
            for (Map.Entry<String, String> key : TestGateway.PROVIDER_KEYS.entrySet()) {
                Files.writeString(dir.resolve(key.getKey() + ".key"), key.getValue());
            }
            Files.writeString(dir.resolve("gateway.yaml"), TestGateway.config(simulator.baseUrl(), dir));
            Map<String, String> env = Map.of("GATEWAY_CONFIG", dir.resolve("gateway.yaml").toString());

            try (CamelContext context = new DefaultCamelContext()) {
                new GatewayConfiguration(env::get).configure(context);
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:ask")
                                .process("modelResolver")
                                .process("credentialEnricher")
                                .toD("llm:${exchangeProperty.CamelGatewayProvider}");
                    }
                });
                context.start();

                ChatRequest request = new ChatRequest();
                request.model = "gemini/gemini-2.5-flash";
                request.messages = List.of(new ChatMessage("user", "Hello from my app"));
                ChatCompletion answer = context.createProducerTemplate()
                        .requestBody("direct:ask", request, ChatCompletion.class);

                assertEquals("Simulated gemini answer to: Hello from my app", answer.choices.get(0).message.text());
                assertEquals("sim-gemini-key", simulator.received().get(0).header("x-goog-api-key"));
            }
        }
    }
}
