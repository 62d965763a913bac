package io.camelgateway.provider;

import java.nio.ByteBuffer;

/**
 * How a provider frames the events of a streamed answer: server-sent events ({@link SseParser}) or AWS's binary
 * event stream. Bytes go in as they arrive, in pieces of any size; whole events come out to the consumer it was
 * made with. An event over the limit it was made with is refused with {@link SseParser.EventTooLargeException}
 * before it is buffered; a frame that breaks the format, with {@link InvalidFrameException}.
 */
public interface StreamFraming {

    void feed(ByteBuffer bytes);

    /** The body has ended: an event still buffered is given out, or the stream is found cut mid-frame. */
    void finish();

    /** A frame that is not valid in the provider's framing (a bad checksum, an impossible length). */
    final class InvalidFrameException extends RuntimeException {
        public InvalidFrameException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
