package io.camelgateway.provider;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An incremental server-sent-events parser (the WHATWG event-stream rules): bytes go in as they arrive, in pieces
 * of any size, and whole events come out. Lines may end in LF, CRLF or CR; a UTF-8 character may be split between
 * pieces. Comments and fields other than event and data are skipped. A line, or an event's data, longer than the
 * limit is refused ({@link EventTooLargeException}) before it is buffered: the stream cannot be read on after that.
 */
public final class SseParser implements StreamFraming {
    /** The default limit of an event's data and of any one line, in bytes. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

    private final Consumer<SseEvent> events;
    private final int maxEventBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCr;
    private String eventName;
    private StringBuilder data;

    public SseParser(Consumer<SseEvent> events) {
        this(events, DEFAULT_MAX_EVENT_BYTES);
    }

    public SseParser(Consumer<SseEvent> events, int maxEventBytes) {
        this.events = events;
        this.maxEventBytes = maxEventBytes;
    }

    @Override
    public void feed(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                endLine();
            } else {
                if (lineLength == line.length) {
                    if (lineLength >= maxEventBytes) {
                        throw new EventTooLargeException(maxEventBytes);
                    }
                    line = Arrays.copyOf(line, (int) Math.min(maxEventBytes, line.length * 2L));
                }
                line[lineLength++] = b;
            }
        }
    }

    public void feed(byte[] bytes) {
        feed(ByteBuffer.wrap(bytes));
    }

    /** Dispatches an event left without its closing blank line when the stream ends. */
    @Override
    public void finish() {
        if (lineLength > 0) {
            endLine();
        }
        dispatch();
    }

    private void endLine() {
        if (lineLength == 0) {
            dispatch();
            return;
        }
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (data != null && data.length() + 1 + value.length() > maxEventBytes) {
                throw new EventTooLargeException(maxEventBytes);
            }
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
        } else if (field.equals("event")) {
            eventName = value;
        }
    }

    private void dispatch() {
        if (data != null) {
            events.accept(new SseEvent(eventName, data.toString()));
        }
        data = null;
        eventName = null;
    }

    /** A line or an event over the parser's limit. */
    public static final class EventTooLargeException extends RuntimeException {
        public EventTooLargeException(int limit) {
            super("a server-sent event or line over " + limit + " bytes", null, false, false);
        }
    }
}
