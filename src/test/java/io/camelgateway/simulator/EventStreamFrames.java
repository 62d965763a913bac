package io.camelgateway.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes AWS event-stream messages from the public description of the format: a prelude (total length, headers
 * length, CRC32 of those eight bytes), headers (name length, name, type 7 = string, value length, value), the
 * payload, and a CRC32 of everything before it. Written here, not with the SDK, so the gateway's decoder is
 * checked against an independent encoder.
 */
final class EventStreamFrames {
    private static final byte STRING = 7;

    private EventStreamFrames() {
    }

    static byte[] event(String eventType, String json) {
        return message(Map.of(":message-type", "event", ":event-type", eventType,
                ":content-type", "application/json"), json);
    }

    static byte[] exception(String exceptionType, String json) {
        return message(Map.of(":message-type", "exception", ":exception-type", exceptionType,
                ":content-type", "application/json"), json);
    }

    static byte[] message(Map<String, String> headers, String payloadText) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        headers.forEach((name, value) -> {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            h.write(n.length);
            h.writeBytes(n);
            h.write(STRING);
            h.write(v.length >> 8);
            h.write(v.length & 0xff);
            h.writeBytes(v);
        });
        byte[] headerBytes = h.toByteArray();
        byte[] payload = payloadText.getBytes(StandardCharsets.UTF_8);
        int total = 12 + headerBytes.length + payload.length + 4;
        ByteBuffer out = ByteBuffer.allocate(total);
        out.putInt(total).putInt(headerBytes.length);
        out.putInt((int) crc(out.array(), 0, 8));
        out.put(headerBytes).put(payload);
        out.putInt((int) crc(out.array(), 0, total - 4));
        return out.array();
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
