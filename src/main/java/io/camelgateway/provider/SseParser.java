package io.camelgateway.provider;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An incremental server-sent-events parser (the WHATWG event-stream rules): bytes go in as they arrive, in pieces
 * of any size, and whole events come out. Lines may end in LF, CRLF or CR; a UTF-8 character may be split between
 * pieces. Comments and fields other than event and data are skipped.
 */
public final class SseParser {
    private final Consumer<SseEvent> events;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCr;
    private String eventName;
    private StringBuilder data;

    public SseParser(Consumer<SseEvent> events) {
        this.events = events;
    }

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
                    line = Arrays.copyOf(line, line.length * 2);
                }
                line[lineLength++] = b;
            }
        }
    }

    public void feed(byte[] bytes) {
        feed(ByteBuffer.wrap(bytes));
    }

    /** Dispatches an event left without its closing blank line when the stream ends. */
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
}
