package io.camelgateway.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.apache.camel.component.netty.http.handlers.HttpOutboundStreamHandler;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatStream;
import io.camelgateway.api.Json;
import io.camelgateway.e2e.RawConnection.Framing;
import io.camelgateway.e2e.RawConnection.Response;
import io.camelgateway.http.RequestSequencer;
import io.camelgateway.simulator.Fault;

import static io.camelgateway.e2e.RawConnection.chatRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every answer reaches the client whole, whatever its connection: one that asks to close, an HTTP/1.0 client,
 * pipelined requests on one keep-alive connection; and a long-lived connection keeps nothing of the answers it
 * carried.
 */
class ClientConnectionTest extends GatewayTestSupport {
    private static final String MODEL = "openai/gpt-4o-mini";
    /** How long a connection the gateway means to close may take to close, and one it keeps must stay open. */
    private static final Duration SOON = Duration.ofMillis(500);

    @AfterEach
    void reset() {
        simulator.chunkDelay(Duration.ZERO);
    }

    @Test
    void streamWithConnectionCloseArrivesWholeThenTheConnectionCloses() {
        try (RawConnection connection = new RawConnection(gateway)) {
            connection.send(chatRequest("HTTP/1.1", Http.chat(MODEL, "close after this stream", true),
                    "Connection: close"));
            Response response = connection.read();

            assertWholeStream(response, "close after this stream");
            assertEquals(Framing.CHUNKED, response.framing());
            assertEquals("close", response.header("Connection"));
            assertTrue(connection.closedWithin(SOON), "the gateway closes the connection after the answer");
        }
    }

    @Test
    void plainAnswerWithConnectionCloseArrivesWholeThenTheConnectionCloses() {
        try (RawConnection connection = new RawConnection(gateway)) {
            connection.send(chatRequest("HTTP/1.1", Http.chat(MODEL, "close after this answer", false),
                    "Connection: close"));
            Response response = connection.read();

            assertWholeAnswer(response, "close after this answer");
            assertEquals("close", response.header("Connection"));
            assertTrue(connection.closedWithin(SOON), "the gateway closes the connection after the answer");
        }
    }

    @Test
    void streamToAnHttp10ClientIsDelimitedByTheClose() {
        try (RawConnection connection = new RawConnection(gateway)) {
            connection.send(chatRequest("HTTP/1.0", Http.chat(MODEL, "an old client streams", true)));
            Response response = connection.read();

            // HTTP/1.0 has no chunked encoding: the body runs to the close, which read() waited for.
            assertNull(response.header("Transfer-Encoding"), "no chunked encoding for HTTP/1.0");
            assertEquals(Framing.CLOSE, response.framing());
            assertWholeStream(response, "an old client streams");
        }
    }

    @Test
    void plainAnswerToAnHttp10ClientArrivesWholeThenTheConnectionCloses() {
        try (RawConnection connection = new RawConnection(gateway)) {
            connection.send(chatRequest("HTTP/1.0", Http.chat(MODEL, "an old client asks", false)));
            Response response = connection.read();

            assertWholeAnswer(response, "an old client asks");
            assertTrue(connection.closedWithin(SOON), "the gateway closes the connection after the answer");
        }
    }

    @Test
    void http10KeepAliveClientGetsPlainAnswersOnOneConnection() {
        try (RawConnection connection = new RawConnection(gateway)) {
            for (String question : new String[] {"first of two", "second of two"}) {
                connection.send(chatRequest("HTTP/1.0", Http.chat(MODEL, question, false), "Connection: keep-alive"));
                Response response = connection.read();

                assertWholeAnswer(response, question);
                assertEquals(Framing.CONTENT_LENGTH, response.framing());
                assertEquals("keep-alive", response.header("Connection"));
            }
            assertFalse(connection.closedWithin(SOON), "an HTTP/1.0 keep-alive connection stays open");
        }
    }

    @Test
    void streamToAnHttp10KeepAliveClientEndsWithTheClose() {
        try (RawConnection connection = new RawConnection(gateway)) {
            connection.send(chatRequest("HTTP/1.0", Http.chat(MODEL, "keep alive but stream", true),
                    "Connection: keep-alive"));
            Response response = connection.read();

            // Without chunks the only way to mark the end of a stream is to close.
            assertEquals("close", response.header("Connection"));
            assertEquals(Framing.CLOSE, response.framing());
            assertWholeStream(response, "keep alive but stream");
        }
    }

    @Test
    void pipelinedPlainStreamPlainAreAnsweredWholeAndInOrder() {
        firstAnswerComesLast();
        try (RawConnection connection = new RawConnection(gateway)) {
            connection.send(chatRequest("HTTP/1.1", Http.chat(MODEL, "pipelined one", false)),
                    chatRequest("HTTP/1.1", Http.chat(MODEL, "pipelined two", true)),
                    chatRequest("HTTP/1.1", Http.chat(MODEL, "pipelined three", false)));

            assertWholeAnswer(connection.read(), "pipelined one");
            assertWholeStream(connection.read(), "pipelined two");
            assertWholeAnswer(connection.read(), "pipelined three");
            assertFalse(connection.closedWithin(SOON), "the keep-alive connection stays open");
        }
    }

    @Test
    void pipelinedStreamsAreAnsweredWholeAndInOrder() {
        firstAnswerComesLast();
        try (RawConnection connection = new RawConnection(gateway)) {
            connection.send(chatRequest("HTTP/1.1", Http.chat(MODEL, "first pipelined stream", true)),
                    chatRequest("HTTP/1.1", Http.chat(MODEL, "second pipelined stream", true)));

            assertWholeStream(connection.read(), "first pipelined stream");
            assertWholeStream(connection.read(), "second pipelined stream");
        }
    }

    @Test
    void eachPipelinedRequestIsAuthenticatedWithItsOwnKey() {
        firstAnswerComesLast();
        try (RawConnection connection = new RawConnection(gateway)) {
            connection.send(chatRequest("HTTP/1.1", Http.chat(MODEL, "sent with the key", false)),
                    chatRequest("HTTP/1.1", Http.chat(MODEL, "sent with a wrong key", false))
                            .replace(TestGateway.CALLER_KEY, "gw-not-a-key"));

            assertWholeAnswer(connection.read(), "sent with the key");
            assertEquals(401, connection.read().status(), "the first request's caller is not the second's");
        }
    }

    @Test
    void garbageAfterAPipelinedRequestIsRefusedOnlyAfterItsAnswer() {
        firstAnswerComesLast();
        try (RawConnection connection = new RawConnection(gateway)) {
            connection.send(chatRequest("HTTP/1.1", Http.chat(MODEL, "before the garbage", false)),
                    "NONSENSE \u0001\u0002 garbage\r\n\r\n",
                    chatRequest("HTTP/1.1", Http.chat(MODEL, "after the garbage", false)));

            assertWholeAnswer(connection.read(), "before the garbage");
            assertEquals(400, connection.read().status(), "the garbage is refused after the first answer");
            assertTrue(connection.closedWithin(SOON), "nothing is read after a request that cannot be parsed");
        }
    }

    @Test
    void aClientPipeliningTooManyGetsThoseHeldAnsweredThenTheClose() {
        try (RawConnection connection = new RawConnection(gateway)) {
            String probe = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            connection.send(probe.repeat(RequestSequencer.MAX_HELD_REQUESTS + 4));

            // One in flight plus the ones held are answered; the rest were never read, which the close tells.
            for (int i = 0; i < RequestSequencer.MAX_HELD_REQUESTS + 1; i++) {
                assertEquals(200, connection.read().status(), "answer " + i);
            }
            assertTrue(connection.closedWithin(SOON), "the connection closes after the requests held");
        }
    }

    @Test
    void manyAnswersOnOneKeepAliveConnectionLeaveNoneOfThemReachable() {
        try (RawConnection connection = new RawConnection(gateway)) {
            connection.send(chatRequest("HTTP/1.1", Http.chat(MODEL, "warm up", true)));
            assertWholeStream(connection.read(), "warm up");
            long before = LiveObjects.count(ChatStream.class);

            for (int i = 0; i < 100; i++) {
                connection.send(chatRequest("HTTP/1.1", Http.chat(MODEL, "stream " + i, true)));
                assertWholeStream(connection.read(), "stream " + i);
                connection.send(chatRequest("HTTP/1.1", Http.chat(MODEL, "answer " + i, false)));
                assertWholeAnswer(connection.read(), "answer " + i);
                if (i % 10 == 0) { // a fan-out replays its combined answer as a stream of its own
                    connection.send(chatRequest("HTTP/1.1", Http.chat("consensus", "fan-out " + i, true)));
                    Response response = connection.read();
                    assertEquals(200, response.status(), response.body());
                    assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
                }
            }
            long after = LiveObjects.count(ChatStream.class);

            // The connection is still open: whatever it kept of the 110 streams it carried would be reachable now.
            assertTrue(after - before < 10, "streams still reachable: " + before + " before, " + after + " after");
            assertFalse(connection.closedWithin(SOON));
        }
    }

    @Test
    void clientsThatLeaveMidStreamLeaveNothingOfTheirConnectionsBehind() throws InterruptedException {
        simulator.chunkDelay(Duration.ofMillis(100));
        int abandonedBefore = simulator.abandonedStreams();
        long before = LiveObjects.count(HttpOutboundStreamHandler.class); // one in each client connection's pipeline

        for (int i = 0; i < 10; i++) {
            try (RawConnection connection = new RawConnection(gateway)) {
                connection.send(chatRequest("HTTP/1.1", Http.chat(MODEL, "a long story " + i, true)));
                connection.readUntilLineStartingWith("data: ");
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (simulator.abandonedStreams() < abandonedBefore + 10 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long after = LiveObjects.count(HttpOutboundStreamHandler.class);

        assertEquals(abandonedBefore + 10, simulator.abandonedStreams(), "the gateway hung up on the provider");
        // A cancelled stream may live on a while on the provider side; it must not keep its closed connection alive.
        assertTrue(after - before < 3, "client connections still reachable: " + before + " before, " + after + " after");
    }

    /** The provider answers the first request slowly: served side by side, the later ones would finish first. */
    private static void firstAnswerComesLast() {
        simulator.enqueue(Fault.slowHeaders(Duration.ofMillis(300)).onPath("chat/completions"));
        simulator.chunkDelay(Duration.ofMillis(10));
    }

    private static void assertWholeStream(Response response, String question) {
        assertEquals(200, response.status(), response.body());
        assertTrue(response.header("Content-Type").startsWith("text/event-stream"), response.headers().toString());
        assertTrue(response.body().endsWith("data: [DONE]\n\n"), "[DONE] last: " + response.body());
        assertEquals("Simulated openai answer to: " + question, StreamingTest.text(response.body()));
    }

    private static void assertWholeAnswer(Response response, String question) {
        assertEquals(200, response.status(), response.body());
        try {
            JsonNode answer = Json.tree(response.body());
            assertEquals("Simulated openai answer to: " + question, answer.at("/choices/0/message/content").asText());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
