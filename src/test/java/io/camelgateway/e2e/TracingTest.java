package io.camelgateway.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.Fault;
import io.camelgateway.simulator.ProviderSimulator;
import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tracing with gateway.tracing.otlp-endpoint: each provider attempt is a span of the caller's trace, its W3C
 * traceparent reaches the provider, and the spans reach an OTLP/HTTP collector. Without the setting, no trace
 * context reaches a provider.
 */
class TracingTest {
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    private static ProviderSimulator simulator;
    private static HttpServer collector;
    private static final Queue<byte[]> exported = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws IOException {
        simulator = ProviderSimulator.start(0);
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            exported.add(exchange.getRequestBody().readAllBytes());
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
    }

    @AfterAll
    static void stop() {
        collector.stop(0);
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.clearReceived();
        simulator.clearFaults();
    }

    private static HttpResponse<String> askWithTrace(TestGateway gateway) {
        return Http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestGateway.CALLER_KEY)
                .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(Http.chat("gpt-4o-mini", "a traced question", false)))
                .build());
    }

    @Test
    void eachProviderAttemptIsASpanOfTheCallersTraceAndReachesTheCollector() {
        String collectorUrl = "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces";
        try (TestGateway gateway = TestGateway.start(simulator, Map.of(), Map.of(
                "gateway.tracing.otlp-endpoint", collectorUrl,
                "gateway.retry.base-delay-ms", "10", "gateway.retry.max-delay-ms", "20"))) {
            simulator.enqueue(Fault.error(503));
            HttpResponse<String> r = askWithTrace(gateway);
            assertEquals(200, r.statusCode(), r.body());

            List<RecordedRequest> attempts = simulator.received();
            assertEquals(2, attempts.size(), "a failed try and its retry");
            Matcher first = traceparent(attempts.get(0));
            Matcher second = traceparent(attempts.get(1));
            assertEquals(CALLER_TRACE, first.group(1), "the caller's trace goes on");
            assertEquals(CALLER_TRACE, second.group(1));
            assertNotEquals(first.group(2), second.group(2), "a span for each attempt");
            assertNotEquals(CALLER_SPAN, first.group(2));

            long deadline = System.nanoTime() + 10_000_000_000L;
            byte[] traceId = HexFormat.of().parseHex(CALLER_TRACE);
            while (exported.stream().noneMatch(body -> contains(body, traceId)) && System.nanoTime() < deadline) {
                PrometheusServer.sleep(100);
            }
            assertTrue(exported.stream().anyMatch(body -> contains(body, traceId)),
                    "the collector got the trace's spans: " + exported.size() + " exports");
        }
    }

    @Test
    void withoutTheSettingNoTraceContextReachesAProvider() {
        try (TestGateway gateway = TestGateway.start(simulator)) {
            assertEquals(200, askWithTrace(gateway).statusCode());
            assertNull(simulator.received().get(0).header("traceparent"));
        }
    }

    private static Matcher traceparent(RecordedRequest request) {
        String header = request.header("traceparent");
        Matcher m = TRACEPARENT.matcher(header == null ? "" : header);
        assertTrue(m.matches(), "W3C traceparent sent to the provider: " + header);
        return m;
    }

    private static boolean contains(byte[] body, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= body.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
