package io.camelgateway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.camelgateway.GatewayConfiguration;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.simulator.Fault;
import io.camelgateway.simulator.ProviderSimulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's beans and llm: component serve a Camel application that has its own context and routes. */
class EmbeddedCamelAppTest {

    /** A plain CamelContext with the gateway's beans and llm: component, configured to call the simulator. */
    private static CamelContext withGateway(ProviderSimulator simulator) throws Exception {
        Path dir = Files.createTempDirectory("embedded");
        for (Map.Entry<String, String> key : TestGateway.PROVIDER_KEYS.entrySet()) {
            Files.writeString(dir.resolve(key.getKey() + ".key"), key.getValue());
        }
        Files.writeString(dir.resolve("gateway.yaml"), TestGateway.config(simulator.baseUrl(), dir));
        Map<String, String> env = Map.of("GATEWAY_CONFIG", dir.resolve("gateway.yaml").toString());
        CamelContext context = new DefaultCamelContext();
        new GatewayConfiguration(env::get).configure(context);
        return context;
    }

    @Test
    void ownRouteCallsAProviderThroughTheGatewayBeans() throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.start(0)) {
            try (CamelContext context = withGateway(simulator)) {
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

    @Test
    void llmEndpointWithAFixedModelFindsItsOwnCredentialAndKeepsItsTimeout() throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.start(0)) {
            try (CamelContext context = withGateway(simulator)) {
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:ask").to("llm:anthropic?model=claude-haiku-4-5&timeout=300ms");
                    }
                });
                context.start();

                ChatRequest request = new ChatRequest();
                request.model = "whatever the caller wrote";
                request.messages = List.of(new ChatMessage("user", "Hello from my app"));
                ChatCompletion answer = context.createProducerTemplate()
                        .requestBody("direct:ask", request, ChatCompletion.class);
                assertEquals("Simulated anthropic answer to: Hello from my app", answer.choices.get(0).message.text());
                assertTrue(simulator.received().get(0).body().contains("\"model\":\"claude-haiku-4-5\""));
                assertEquals("sim-anthropic-key", simulator.received().get(0).header("x-api-key"),
                        "the credential store's key, without a credentialEnricher step");

                simulator.enqueue(Fault.slowHeaders(Duration.ofSeconds(3)));
                long start = System.nanoTime();
                CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> context
                        .createProducerTemplate().requestBody("direct:ask", request, ChatCompletion.class));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals("upstream_timeout", ((GatewayException) e.getCause()).code());
                assertTrue(millis < 1500, "the endpoint's 300 ms, not the provider's 30 s: " + millis + " ms");
            }
        }
    }
}
