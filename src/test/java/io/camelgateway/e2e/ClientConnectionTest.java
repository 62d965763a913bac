package io.camelgateway.e2e;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatStream;
import io.camelgateway.api.Json;
import io.camelgateway.e2e.RawConnection.Framing;
import io.camelgateway.e2e.RawConnection.Response;

import static io.camelgateway.e2e.RawConnection.chatRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every answer reaches the client whole, whatever its connection: one that asks to close, an HTTP/1.0 client; and a
 * long-lived connection keeps nothing of the answers it carried.
 */
class ClientConnectionTest extends GatewayTestSupport {
    private static final String MODEL = "openai/gpt-4o-mini";

    @Test
    void streamWithConnectionCloseArrivesWholeThenTheConnectionCloses() {
        try (RawConnection connection = new RawConnection(gateway)) {
            connection.send(chatRequest("HTTP/1.1", Http.chat(MODEL, "close after this stream", true),
                    "Connection: close"));
            Response response = connection.read();

            assertWholeStream(response, "close after this stream");
            assertEquals(Framing.CHUNKED, response.framing());
            assertEquals("close", response.header("Connection"));
            assertTrue(connection.isClosedByGateway(), "the gateway closes the connection after the answer");
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
            assertTrue(connection.isClosedByGateway(), "the gateway closes the connection after the answer");
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
            assertTrue(connection.isClosedByGateway(), "the gateway closes the connection after the answer");
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
            assertFalse(connection.isClosedByGateway(), "an HTTP/1.0 keep-alive connection stays open");
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
            assertFalse(connection.isClosedByGateway());
        }
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
