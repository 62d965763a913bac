package io.camelgateway.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import example.AskAModel;
import example.ServeTheApi;
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

/**
 * The gateway inside an application's own Camel context: the examples of docs/embedding.md, run as they are
 * printed there, and the llm: component called from the application's routes.
 */
class EmbeddedCamelAppTest {
    private static final Path EXAMPLES = Path.of("src/test/java/example");

    /** The gateway's beans and llm: component, configured to call the simulator (as GATEWAY_CONFIG would). */
    private static GatewayConfiguration gatewayFor(ProviderSimulator simulator) throws IOException {
        Path dir = Files.createTempDirectory("embedded");
        TestGateway.writeProviderKeys(dir);
        Files.writeString(dir.resolve("gateway.yaml"), TestGateway.config(simulator.baseUrl(), dir));
        Map<String, String> env = Map.of("GATEWAY_CONFIG", dir.resolve("gateway.yaml").toString(),
                "GATEWAY_API_KEYS", TestGateway.CALLER_KEY);
        return new GatewayConfiguration(env::get);
    }

    private static CamelContext withGateway(ProviderSimulator simulator) throws IOException {
        CamelContext context = new DefaultCamelContext();
        gatewayFor(simulator).configure(context);
        return context;
    }

    @Test
    void ownRouteAsksAModelThroughTheGatewayBeans() throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.start(0)) {
            String answer = AskAModel.ask(gatewayFor(simulator), "gemini/gemini-2.5-flash", "Hello from my app");

            assertEquals("Simulated gemini answer to: Hello from my app", answer);
            assertEquals("sim-gemini-key", simulator.received().get(0).header("x-goog-api-key"));
        }
    }

    @Test
    void applicationServesTheHttpApiWithNoGatewayPropertiesOfItsOwn() throws Exception {
        int port = TestGateway.freePort();
        try (ProviderSimulator simulator = ProviderSimulator.start(0);
             CamelContext context = new DefaultCamelContext()) {
            // The port is the test's only setting; host, body limit, breakers, retries come from the gateway's jar.
            context.getPropertiesComponent().addOverrideProperty("gateway.port", String.valueOf(port));
            ServeTheApi.serve(context, gatewayFor(simulator));

            HttpResponse<String> plain = Http.send(chat(port, Http.chat("claude-sonnet", "Hi", false)));
            assertEquals(200, plain.statusCode(), plain.body());
            assertTrue(plain.body().contains("Simulated anthropic answer to: Hi"), plain.body());
            assertEquals("anthropic", plain.headers().firstValue("x-gateway-provider").orElse(null));
            assertTrue(plain.headers().firstValue("x-caller-note").isEmpty(),
                    "the gateway's header allow-list applies to its endpoints: " + plain.headers().map());

            HttpResponse<String> streamed = Http.send(chat(port, Http.chat("gpt-4o-mini", "Hi", true)));
            assertEquals(200, streamed.statusCode(), streamed.body());
            assertTrue(streamed.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            assertTrue(streamed.body().contains("Simulated ") && streamed.body().strip().endsWith("data: [DONE]"),
                    streamed.body());
        }
    }

    @Test
    void stoppingTheApplicationsContextEndsTheThreadsTheGatewayStarted() throws Exception {
        int port = TestGateway.freePort();
        try (ProviderSimulator simulator = ProviderSimulator.start(0)) {
            CamelContext context = new DefaultCamelContext();
            context.getPropertiesComponent().addOverrideProperty("gateway.port", String.valueOf(port));
            ServeTheApi.serve(context, gatewayFor(simulator));
            // "auto" with a prompt no keyword matches: tier 2 starts its embedding batch thread, and the static table
            // starts being read or, in a fresh data folder, distilled (tens of seconds) on a thread of its own.
            HttpResponse<String> routed = Http.send(chat(port,
                    Http.chat("auto", "Tell me something about the weather in autumn", false)));
            assertEquals(200, routed.statusCode(), routed.body());
            assertTrue(liveThreadsNamed("embedding-batcher") > 0, "tier 2 ran on its batch thread");

            context.close();

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (liveThreadsNamed("embedding-batcher") + liveThreadsNamed("static-embeddings") > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, liveThreadsNamed("embedding-batcher"), "an embedding application's JVM keeps no "
                    + "thread of the gateway's once its context has stopped");
            assertEquals(0, liveThreadsNamed("static-embeddings"), "nor goes on distilling the static table");
        }
    }

    private static long liveThreadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith(prefix)).count();
    }

    @Test
    void camelMainApplicationAddsTheGatewayAsTheGuideSays() throws Exception {
        int port = TestGateway.freePort();
        try (ProviderSimulator simulator = ProviderSimulator.start(0)) {
            Main main = new Main();
            main.configure().addConfiguration(gatewayFor(simulator));
            main.addInitialProperty("camel.main.routes-include-pattern", "classpath:routes/*.camel.yaml");
            main.addOverrideProperty("gateway.port", String.valueOf(port));
            main.start();
            try {
                HttpResponse<String> answer = Http.send(chat(port, Http.chat("gemini-flash", "Hi", false)));
                assertEquals(200, answer.statusCode(), answer.body());
                assertTrue(answer.body().contains("Simulated gemini answer to: Hi"), answer.body());
            } finally {
                main.stop();
            }
        }
    }

    private static HttpRequest chat(int port, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TestGateway.CALLER_KEY)
                .header("Content-Type", "application/json")
                .header("x-caller-note", "not for the response")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    @Test
    void embeddingGuidePrintsTheExamplesThatRunHere() throws IOException {
        String guide = Files.readString(Path.of("docs/embedding.md"));
        for (String example : List.of("AskAModel.java", "ServeTheApi.java")) {
            String source = Files.readString(EXAMPLES.resolve(example));
            assertTrue(guide.contains("```java\n" + source + "```\n"),
                    "docs/embedding.md shows " + EXAMPLES.resolve(example) + " verbatim, in a java block");
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
