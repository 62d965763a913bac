package io.camelgateway.provider.bedrock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

import io.camelgateway.provider.SseEvent;
import io.camelgateway.provider.SseParser;
import io.camelgateway.provider.StreamFraming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwsEventStreamFramingTest {

    private static byte[] message(String kind, String typeHeader, String type, String payload) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString(kind));
        headers.put(typeHeader, HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        ByteBuffer encoded = new Message(headers, payload.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    private static byte[] stream() {
        byte[] start = message("event", ":event-type", "messageStart", "{\"role\":\"assistant\",\"p\":\"abc\"}");
        byte[] delta = message("event", ":event-type", "contentBlockDelta",
                "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Grüße\"},\"p\":\"abcdefgh\"}");
        byte[] thrown = message("exception", ":exception-type", "throttlingException",
                "{\"message\":\"Too many requests\"}");
        ByteBuffer all = ByteBuffer.allocate(start.length + delta.length + thrown.length);
        return all.put(start).put(delta).put(thrown).array();
    }

    @Test
    void messagesSplitAtEveryByteComeOutWhole() {
        List<SseEvent> events = new ArrayList<>();
        AwsEventStreamFraming framing = new AwsEventStreamFraming(events::add, 1024);
        for (byte b : stream()) {
            framing.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        framing.finish();

        assertEquals(List.of("messageStart", "contentBlockDelta", "throttlingException"),
                events.stream().map(SseEvent::event).toList());
        assertTrue(events.get(1).data().contains("Grüße"), events.get(1).data());
        assertEquals("{\"message\":\"Too many requests\"}", events.get(2).data());
    }

    @Test
    void aCorruptedMessageIsRefused() {
        byte[] bytes = stream();
        bytes[30] ^= 0x01;
        AwsEventStreamFraming framing = new AwsEventStreamFraming(e -> { }, 1024);

        assertThrows(StreamFraming.InvalidFrameException.class, () -> framing.feed(ByteBuffer.wrap(bytes)));
    }

    @Test
    void aMessageOverTheLimitIsRefusedOnItsLengthBeforeItIsBuffered() {
        byte[] big = message("event", ":event-type", "contentBlockDelta", "{\"p\":\"" + "x".repeat(5000) + "\"}");
        AwsEventStreamFraming framing = new AwsEventStreamFraming(e -> { }, 1024);

        assertThrows(SseParser.EventTooLargeException.class,
                () -> framing.feed(ByteBuffer.wrap(big, 0, 4)), "refused on the prelude's first four bytes");
    }

    @Test
    void aStreamEndingInsideAMessageIsCut() {
        byte[] bytes = stream();
        AwsEventStreamFraming framing = new AwsEventStreamFraming(e -> { }, 1024);
        framing.feed(ByteBuffer.wrap(bytes, 0, 20));

        assertThrows(StreamFraming.InvalidFrameException.class, framing::finish);
    }
}
