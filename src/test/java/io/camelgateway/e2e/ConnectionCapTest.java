package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.camelgateway.http.IngressGuard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Past gateway.ingress.max-connections, clients get a 503 in OpenAI's shape, and health checks still an answer. */
@GatewayProperties("gateway.ingress.max-connections=3")
class ConnectionCapTest extends GatewayTestSupport {
    private static final Duration AT_ONCE = Duration.ofMillis(1500);
    private static final String HEALTH_CHECK = "GET /health/live HTTP/1.1\r\nHost: gateway\r\n\r\n";

    @Test
    void connectionsOverTheCapGet503WhileHealthChecksStillAnswer() {
        List<RawConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawConnection client = new RawConnection(gateway).send(HEALTH_CHECK);
                assertEquals(200, client.read(AT_ONCE).status(), "the connections up to the cap are served");
                held.add(client);
            }
            try (RawConnection over = new RawConnection(gateway)) {
                String chat = RawConnection.chatRequest("HTTP/1.1", Http.chat("openai/gpt-4o-mini", "hi", false));
                RawConnection.Response answer = over.send(chat).read(AT_ONCE);
                assertEquals(503, answer.status(), answer.body());
                assertEquals("gateway_overloaded", answer.error().get("code").asText());
                assertEquals("close", answer.header("Connection"));
                assertEquals("1", answer.header("Retry-After"));
                assertTrue(over.closedWithin(AT_ONCE));
            }
            try (RawConnection probe = new RawConnection(gateway).send(HEALTH_CHECK)) {
                assertEquals(200, probe.read(AT_ONCE).status(), "a probe past the cap is answered");
                assertTrue(probe.closedWithin(AT_ONCE), "and its place freed at once");
            }
            awaitOpenConnections(3);
            for (int i = 0; i < 8; i++) {
                held.add(new RawConnection(gateway)); // idle connections take the places kept for probes
            }
            awaitOpenConnections(11);
            try (RawConnection beyondTheReserve = new RawConnection(gateway)) {
                RawConnection.Response answer = beyondTheReserve.read(AT_ONCE);
                assertEquals(503, answer.status(), "refused before it even asks");
            }
            sleep(1500);
            try (RawConnection probe = new RawConnection(gateway).send(HEALTH_CHECK)) {
                assertEquals(200, probe.read(AT_ONCE).status(), "idle connections past the cap are soon closed");
            }
            assertTrue(simulator.received().isEmpty());
        } finally {
            held.forEach(RawConnection::close);
        }
        assertEquals(200, eventually(() -> Http.post(gateway, "/v1/chat/completions",
                Http.chat("openai/gpt-4o-mini", "hi", false))).statusCode(), "closed connections free their slots");
    }

    /** Connections are counted as the gateway's event loops take them, not in the order they were opened. */
    private static void awaitOpenConnections(int count) {
        IngressGuard guard = gateway.bean("ingressGuard", IngressGuard.class);
        for (int i = 0; i < 50 && guard.openConnections() != count; i++) {
            sleep(20);
        }
        assertEquals(count, guard.openConnections());
    }

    /** The gateway counts a connection out once it has seen it close, a moment after the client did. */
    private static HttpResponse<String> eventually(java.util.function.Supplier<HttpResponse<String>> call) {
        HttpResponse<String> last = call.get();
        for (int i = 0; i < 20 && last.statusCode() == 503; i++) {
            sleep(100);
            last = call.get();
        }
        return last;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
