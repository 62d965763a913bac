package io.camelgateway.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.camelgateway.api.Json;
import io.camelgateway.simulator.Fault;
import io.camelgateway.simulator.ProviderSimulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client sees when a provider misbehaves, through real HTTP, for plain and streamed requests to a single
 * model and to the "reliable" pool (openai, then anthropic). Default retry settings (2 retries, 100 ms base);
 * breakers that do not open here (see CircuitBreakerTest). In the test gateway.yaml, openai waits 2 s for the first
 * byte, "brief" 500 ms (1.5 s in all), "impatient" 1 s in all, and "nowhere" points at a closed port; the
 * "unsteady" pool tries nowhere, then anthropic, and is a user's own route that declares no error handler.
 */
class FaultMatrixTest {
    private static final String OPENAI = "/v1/chat/completions";
    private static final String ANTHROPIC = "/v1/messages";

    static ProviderSimulator simulator;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        simulator = ProviderSimulator.start(0);
        gateway = TestGateway.start(simulator, Map.of(), Map.of("gateway.breaker.minimum-calls", "1000",
                "gateway.breaker.window-calls", "1000"));
        addUnsteadyPool();
    }

    /** A pool whose first member's address refuses connections, added as a user would: a route file. */
    private static void addUnsteadyPool() throws Exception {
        Files.writeString(gateway.dir().resolve("routes/unsteady.camel.yaml"), """
                - beans:
                    - name: unsteadyPool
                      type: io.camelgateway.resilience.ModelPool
                      properties:
                        name: unsteady
                        members: "nowhere/gpt-4o-mini, anthropic/claude-sonnet-4-5"
                - route:
                    id: pool-unsteady
                    from:
                      uri: direct:pool-unsteady
                      steps:
                        - loadBalance:
                            customLoadBalancer:
                              ref: unsteadyPool
                            steps:
                              - to: direct:member-call
                """);
        for (int i = 0; i < 150; i++) {
            if (Http.get(gateway, "/v1/models", TestGateway.CALLER_KEY).body().contains("\"unsteady\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the unsteady pool was not loaded");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        simulator.close();
    }

    /** No code: a whole answer. A code with 200: a stream that started, then ended with that error event. */
    @ParameterizedTest(name = "{0}, {1}, {2}: {3} {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # fault                | model                 | request  | status | code                      | attempts | served by | received | took ms
            500 once               | openai/gpt-4o-mini    | plain    | 200    |                           | 2        | openai    | 2        |
            500 once               | openai/gpt-4o-mini    | streamed | 200    |                           | 2        | openai    | 2        |
            500 persisting         | openai/gpt-4o-mini    | plain    | 502    | upstream_error            | 3        |           | 3        |
            500 persisting         | openai/gpt-4o-mini    | streamed | 502    | upstream_error            | 3        |           | 3        |
            500 once               | reliable              | plain    | 200    |                           | 2        | anthropic | 2        |
            500 once               | reliable              | streamed | 200    |                           | 2        | anthropic | 2        |
            429 Retry-After 1      | openai/gpt-4o-mini    | plain    | 200    |                           | 2        | openai    | 2        | >=1000
            429 Retry-After 30     | openai/gpt-4o-mini    | plain    | 429    | rate_limited              | 1        |           | 1        | <1000
            429 Retry-After 30     | openai/gpt-4o-mini    | streamed | 429    | rate_limited              | 1        |           | 1        | <1000
            429 Retry-After 30     | reliable              | plain    | 200    |                           | 2        | anthropic | 2        | <1000
            refused connection     | nowhere/gpt-4o-mini   | plain    | 502    | upstream_unreachable      | 3        |           | 0        |
            refused connection     | nowhere/gpt-4o-mini   | streamed | 502    | upstream_unreachable      | 3        |           | 0        |
            refused connection     | unsteady              | plain    | 200    |                           | 2        | anthropic | 1        |
            refused connection     | unsteady              | streamed | 200    |                           | 2        | anthropic | 1        |
            read timeout           | impatient/gpt-4o-mini | plain    | 504    | upstream_timeout          | 1        |           | 1        | <2000
            read timeout           | impatient/gpt-4o-mini | streamed | 504    | upstream_timeout          | 1        |           | 1        | <2000
            slow first token       | brief/gpt-4o-mini     | plain    | 504    | upstream_timeout          | 1        |           | 1        | <1400
            slow first token       | brief/gpt-4o-mini     | streamed | 504    | upstream_timeout          | 1        |           | 1        | <1400
            slow first token       | reliable              | plain    | 200    |                           | 2        | anthropic | 2        | <3000
            slow first token       | reliable              | streamed | 200    |                           | 2        | anthropic | 2        | <3000
            cut before first chunk | openai/gpt-4o-mini    | streamed | 200    |                           | 2        | openai    | 2        |
            cut after the role     | claude-sonnet         | streamed | 200    |                           | 2        | anthropic | 2        |
            cut after the role     | reliable              | streamed | 200    |                           | 2        | anthropic | 2        |
            cut after the role     | openai/gpt-4o-mini    | streamed | 200    |                           | 2        | openai    | 2        |
            mid-stream cut         | openai/gpt-4o-mini    | streamed | 200    | upstream_connection_lost  | 1        | openai    | 1        |
            mid-stream cut         | reliable              | streamed | 200    | upstream_connection_lost  | 1        | openai    | 1        |
            invalid JSON           | openai/gpt-4o-mini    | plain    | 502    | upstream_invalid_response | 1        |           | 1        |
            invalid JSON           | openai/gpt-4o-mini    | streamed | 502    | upstream_stream_cut       | 1        |           | 1        |
            invalid JSON           | reliable              | plain    | 200    |                           | 2        | anthropic | 2        |
            all members down       | reliable              | plain    | 502    | upstream_error            | 2        |           | 2        |
            all members down       | reliable              | streamed | 502    | upstream_error            | 2        |           | 2        |
            all members down       | unsteady              | plain    | 502    | upstream_error            | 2        |           | 1        |
            all members down       | unsteady              | streamed | 502    | upstream_error            | 2        |           | 1        |
            """)
    void clientSees(String fault, String model, String request, int status, String code, int attempts,
                    String servedBy, int received, String took) {
        simulator.clearFaults();
        simulator.clearReceived();
        faults(fault).forEach(simulator::enqueue);
        boolean stream = request.equals("streamed");
        long start = System.nanoTime();
        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                Http.chat(model, "what went wrong", stream));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(status, r.statusCode(), r.body());
        if (code == null) {
            String text = stream ? streamedText(r.body()) : r.body();
            assertTrue(text.contains("Simulated " + servedBy + " answer to: what went wrong"), r.body());
            assertEquals(stream, r.body().endsWith("data: [DONE]\n\n"), r.body());
        } else if (status == 200) {
            assertTrue(streamedText(r.body()).startsWith("Simulated " + servedBy), "the stream started: " + r.body());
            assertEquals(code, lastEvent(r.body()).path("error").path("code").asText(), r.body());
            assertFalse(r.body().contains("[DONE]"), r.body());
        } else {
            assertEquals(code, Http.error(r).get("code").asText(), r.body());
        }
        if (status == 429) {
            assertEquals("30", r.headers().firstValue("retry-after").orElse(null), "the provider's Retry-After");
        }
        assertEquals(String.valueOf(attempts), r.headers().firstValue("x-gateway-attempts").orElse(null));
        if (servedBy != null) {
            assertEquals(servedBy, r.headers().firstValue("x-gateway-provider").orElse(null));
        }
        assertEquals(received, simulator.received().size(), "requests the provider(s) received");
        if (took != null && took.startsWith(">=")) {
            assertTrue(millis >= Long.parseLong(took.substring(2)), "took " + millis + " ms");
        } else if (took != null) {
            assertTrue(millis < Long.parseLong(took.substring(1)), "took " + millis + " ms");
        }
    }

    private static List<Fault> faults(String fault) {
        return switch (fault) {
            case "500 once" -> List.of(Fault.error(500).onPath(OPENAI));
            case "500 persisting" -> List.of(Fault.error(500).forever().onPath(OPENAI));
            case "429 Retry-After 1" -> List.of(Fault.error(429, "1").onPath(OPENAI));
            case "429 Retry-After 30" -> List.of(Fault.error(429, "30").onPath(OPENAI));
            case "refused connection" -> List.of(); // "nowhere" points at a closed port
            case "read timeout", "slow first token" -> List.of(Fault.slowHeaders(Duration.ofSeconds(3)).onPath(OPENAI));
            case "cut before first chunk" -> List.of(Fault.cutAfter(0).onPath(OPENAI));
            // OpenAI's first chunk and Anthropic's message_start carry only the role, no part of the answer yet
            case "cut after the role" -> List.of(Fault.cutAfter(1)); // the first request, to whichever provider
            case "mid-stream cut" -> List.of(Fault.cutAfter(3).onPath(OPENAI));
            case "invalid JSON" -> List.of(Fault.raw("{\"choices\": [oops").onPath(OPENAI));
            case "all members down" -> List.of(Fault.error(500).forever().onPath(OPENAI),
                    Fault.error(500).forever().onPath(ANTHROPIC));
            default -> throw new IllegalArgumentException("no such fault in the table: " + fault);
        };
    }

    /** The answer text of a stream's events, up to an error event. */
    private static String streamedText(String sse) {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode event = event(line);
                event.path("choices").forEach(c -> text.append(c.path("delta").path("content").asText("")));
            }
        }
        return text.toString();
    }

    private static JsonNode lastEvent(String sse) {
        String[] lines = sse.strip().split("\n");
        return event(lines[lines.length - 1]);
    }

    private static JsonNode event(String line) {
        try {
            return Json.tree(line.substring("data: ".length()));
        } catch (IOException e) {
            throw new AssertionError("not a JSON event: " + line, e);
        }
    }
}
