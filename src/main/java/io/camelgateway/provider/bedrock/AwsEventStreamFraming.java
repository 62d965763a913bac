package io.camelgateway.provider.bedrock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

import io.camelgateway.api.Json;
import io.camelgateway.provider.SseEvent;
import io.camelgateway.provider.SseParser;
import io.camelgateway.provider.StreamFraming;

/**
 * AWS's binary event-stream framing ({@code application/vnd.amazon.eventstream}), decoded by the AWS SDK's
 * {@link MessageDecoder}, which checks each message's prelude and message CRC32s. Each message comes out as an
 * event named by its {@code :event-type} header (messageStart, contentBlockDelta, ...), or, for an exception, by its
 * {@code :exception-type} (throttlingException, ...); {@code :message-type} error becomes an event named "error"
 * with {"message": its :error-message}. The payload, JSON, is the event's data.
 * A message's total length is read from its prelude before it is buffered, so one over the limit is refused first.
 */
final class AwsEventStreamFraming implements StreamFraming {
    /** A message's prelude (total length, headers length, prelude CRC) and its closing CRC. */
    private static final int OVERHEAD = 16;

    private final Consumer<SseEvent> events;
    private final int maxEventBytes;
    private final MessageDecoder decoder = new MessageDecoder(this::dispatch);
    private final byte[] lengthPrefix = new byte[4];
    private int prefixRead;
    /** Bytes of the current message still to come after its length prefix; 0 at a message boundary. */
    private long messageLeft;

    AwsEventStreamFraming(Consumer<SseEvent> events, int maxEventBytes) {
        this.events = events;
        this.maxEventBytes = maxEventBytes;
    }

    @Override
    public void feed(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            if (messageLeft == 0) {
                int n = Math.min(4 - prefixRead, bytes.remaining());
                bytes.get(lengthPrefix, prefixRead, n);
                prefixRead += n;
                if (prefixRead < 4) {
                    return;
                }
                prefixRead = 0;
                long total = ByteBuffer.wrap(lengthPrefix).getInt() & 0xffffffffL;
                if (total > (long) maxEventBytes + OVERHEAD) {
                    throw new SseParser.EventTooLargeException(maxEventBytes);
                }
                if (total < OVERHEAD) {
                    throw new InvalidFrameException("an event-stream message of " + total + " bytes", null);
                }
                messageLeft = total - 4;
                decode(ByteBuffer.wrap(lengthPrefix.clone()));
                continue;
            }
            int n = (int) Math.min(messageLeft, bytes.remaining());
            ByteBuffer piece = bytes.slice();
            piece.limit(n);
            bytes.position(bytes.position() + n);
            messageLeft -= n;
            decode(piece);
        }
    }

    @Override
    public void finish() {
        if (messageLeft > 0 || prefixRead > 0) {
            throw new InvalidFrameException("the stream ended inside an event-stream message", null);
        }
    }

    private void decode(ByteBuffer piece) {
        try {
            decoder.feed(piece);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidFrameException("an event-stream message that fails its checks (" + e.getMessage()
                    + ")", e);
        }
    }

    private void dispatch(Message message) {
        String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
        String type = header(message, ":message-type");
        if ("exception".equals(type)) {
            events.accept(new SseEvent(header(message, ":exception-type"), payload));
        } else if ("error".equals(type)) {
            String text = header(message, ":error-message");
            events.accept(new SseEvent("error", Json.writeString(Map.of("message",
                    String.valueOf(text == null ? header(message, ":error-code") : text)))));
        } else {
            events.accept(new SseEvent(header(message, ":event-type"), payload));
        }
    }

    private static String header(Message message, String name) {
        HeaderValue value = message.getHeaders().get(name);
        return value == null ? null : value.getString();
    }
}
