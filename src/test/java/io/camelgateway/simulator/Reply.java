package io.camelgateway.simulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** What the simulator answers: a whole body, or a stream of server-sent events (each a complete event text). */
final class Reply {
    static final String JSON_TYPE = "application/json";
    static final String SSE_TYPE = "text/event-stream";

    final int status;
    final String contentType;
    final byte[] body;
    /** A stream's events, each written as one chunk, in order; null for a whole body. */
    final List<byte[]> events;
    /** Extra response headers (a rate limit's), in order. */
    final Map<String, String> headers;

    private Reply(int status, String contentType, byte[] body, List<byte[]> events) {
        this(status, contentType, body, events, Map.of());
    }

    private Reply(int status, String contentType, byte[] body, List<byte[]> events, Map<String, String> headers) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.events = events;
        this.headers = headers;
    }

    Reply withHeaders(Map<String, String> extra) {
        return new Reply(status, contentType, body, events, extra);
    }

    static Reply json(int status, JsonNode node) {
        try {
            return new Reply(status, JSON_TYPE, Sim.JSON.writeValueAsBytes(node), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply raw(int status, String contentType, String body) {
        return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), null);
    }

    static Reply stream(List<String> events) {
        return new Reply(200, SSE_TYPE, null, events.stream().map(e -> e.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /** A stream of binary frames (AWS's event stream) of this content type. */
    static Reply binaryStream(String contentType, List<byte[]> frames) {
        return new Reply(200, contentType, null, frames);
    }

    boolean streaming() {
        return events != null;
    }
}
