package io.camelgateway.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;

import io.camelgateway.api.Json;

/** Server-sent events written straight into a Netty buffer, the one way every stream encoder writes them. */
public final class SseEvents {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseEvents() {
    }

    /** {@code data: <json>}, an unnamed event as OpenAI's chat stream sends them. */
    public static void data(ByteBuf out, Object event) {
        out.writeBytes(DATA);
        json(out, event);
        out.writeBytes(END_OF_EVENT);
    }

    /** {@code event: <name>} then {@code data: <json>}, as Anthropic's and the Responses API's streams send them. */
    public static void named(ByteBuf out, String name, Object event) {
        out.writeBytes(EVENT);
        out.writeCharSequence(name, StandardCharsets.UTF_8);
        out.writeByte('\n');
        data(out, event);
    }

    /** A named event whose name is its own {@code type} field. */
    public static void typed(ByteBuf out, ObjectNode event) {
        named(out, event.path("type").asText(), event);
    }

    private static void json(ByteBuf out, Object value) {
        try {
            Json.MAPPER.writeValue((OutputStream) new ByteBufOutputStream(out), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
