package io.camelgateway.simulator;

import java.time.Duration;

/**
 * A misbehaviour the provider simulator applies to the next matching request(s). Immutable; build it with
 * {@link #builder()} or one of the static factories, e.g. {@code Fault.error(429, "2").withTimes(3)}.
 *
 * @param status         HTTP status of an error answer in the provider's own error format (0 = none)
 * @param retryAfter     value of a Retry-After header to add, or null
 * @param rawBody        a body sent verbatim as application/json (status 200, or {@code status} when set), or null
 * @param headerDelay    wait before the response head is sent (slow first byte / read timeouts)
 * @param chunkDelay     delay between streamed chunks, overriding the simulator's default; null = default
 * @param cutAfterChunks for streams: close the connection abruptly after this many events (-1 = none)
 * @param times          how many matching requests this applies to (-1 = forever)
 * @param pathContains   applies only to requests whose path contains this, or to all when null
 * @param every          applies to every n-th matching request only (1 = each; 2 = every other, "fails half")
 * @param repeatEvent    for streams: the index of an event written {@code repeatTimes} times over (-1 = none)
 * @param repeatTimes    how many times the event at {@code repeatEvent} is written (a long answer, sent fast)
 * @param headerPadding  bytes of an extra response header (0 = none): an oversized response head
 * @param bodyBytes      a 200 answer whose JSON body is this many bytes, written as the client takes it (0 = none)
 * @param bodyChunked    whether that body goes chunked, without a Content-Length
 * @param announceClose  the response says {@code Connection: close} but the simulator leaves the connection open
 * @param errorEventAfter for streams: after this many events, the provider's own in-stream error for {@code status}
 *                       (Bedrock's exception event) ends the stream (-1 = none; Bedrock only so far)
 */
public record Fault(int status, String retryAfter, String rawBody, Duration headerDelay, Duration chunkDelay,
                    int cutAfterChunks, int times, String pathContains, int every, int repeatEvent, int repeatTimes,
                    int headerPadding, long bodyBytes, boolean bodyChunked, boolean announceClose,
                    int errorEventAfter) {

    public Fault {
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be 0 or 100..599: " + status);
        }
        if (headerDelay == null) {
            headerDelay = Duration.ZERO;
        }
        if (headerDelay.isNegative() || (chunkDelay != null && chunkDelay.isNegative())) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        if (cutAfterChunks < -1) {
            throw new IllegalArgumentException("cutAfterChunks must be >= -1: " + cutAfterChunks);
        }
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1: " + every);
        }
        if (times == 0 || times < -1) {
            throw new IllegalArgumentException("times must be >= 1 or -1 (forever): " + times);
        }
        if (repeatEvent < -1 || repeatTimes < 1 || headerPadding < 0 || bodyBytes < 0) {
            throw new IllegalArgumentException("repeatEvent >= -1, repeatTimes >= 1, headerPadding and bodyBytes >= 0");
        }
    }

    /** An error answer with this status, in the provider's error format. */
    public static Fault error(int status) {
        return builder().status(status).build();
    }

    /** An error answer with this status and a Retry-After header. */
    public static Fault error(int status, String retryAfter) {
        return builder().status(status).retryAfter(retryAfter).build();
    }

    /** A body sent verbatim (e.g. invalid JSON) with status 200. */
    public static Fault raw(String body) {
        return builder().rawBody(body).build();
    }

    /** A normal answer whose head is sent only after this delay. */
    public static Fault slowHeaders(Duration delay) {
        return builder().headerDelay(delay).build();
    }

    /** A normal stream with this delay between chunks. */
    public static Fault slowChunks(Duration delay) {
        return builder().chunkDelay(delay).build();
    }

    /** A stream whose connection is closed abruptly after this many events. */
    public static Fault cutAfter(int chunks) {
        return builder().cutAfterChunks(chunks).build();
    }

    /** A stream whose event number {@code index} is written {@code times} times, as fast as the client takes it. */
    public static Fault repeatEvent(int index, int times) {
        return builder().repeatEvent(index, times).build();
    }

    /** A normal answer whose head carries an extra header of this many bytes. */
    public static Fault hugeHeader(int bytes) {
        return builder().headerPadding(bytes).build();
    }

    /** A 200 answer with a JSON body of this many bytes; chunked (no Content-Length) or with its length. */
    public static Fault hugeBody(long bytes, boolean chunked) {
        return builder().body(bytes, chunked).build();
    }

    /** A stream that, after this many events, ends with the provider's in-stream error for this status. */
    public static Fault errorEventAfter(int events, int status) {
        return builder().status(status).errorEventAfter(events).build();
    }

    /** A normal answer that says {@code Connection: close} while the simulator keeps the connection open. */
    public static Fault announcesClose() {
        return builder().announceClose(true).build();
    }

    public Fault withTimes(int n) {
        return toBuilder().times(n).build();
    }

    public Fault forever() {
        return withTimes(-1);
    }

    public Fault onPath(String fragment) {
        return toBuilder().pathContains(fragment).build();
    }

    /** Applies to every n-th matching request only; the others are answered normally. */
    public Fault everyNth(int n) {
        return toBuilder().every(n).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.status = status;
        b.retryAfter = retryAfter;
        b.rawBody = rawBody;
        b.headerDelay = headerDelay;
        b.chunkDelay = chunkDelay;
        b.cutAfterChunks = cutAfterChunks;
        b.times = times;
        b.pathContains = pathContains;
        b.every = every;
        b.repeatEvent = repeatEvent;
        b.repeatTimes = repeatTimes;
        b.headerPadding = headerPadding;
        b.bodyBytes = bodyBytes;
        b.bodyChunked = bodyChunked;
        b.announceClose = announceClose;
        b.errorEventAfter = errorEventAfter;
        return b;
    }

    public static final class Builder {
        private int status;
        private String retryAfter;
        private String rawBody;
        private Duration headerDelay = Duration.ZERO;
        private Duration chunkDelay;
        private int cutAfterChunks = -1;
        private int times = 1;
        private String pathContains;
        private int every = 1;
        private int repeatEvent = -1;
        private int repeatTimes = 1;
        private int headerPadding;
        private long bodyBytes;
        private boolean bodyChunked;
        private boolean announceClose;
        private int errorEventAfter = -1;

        private Builder() {
        }

        public Builder errorEventAfter(int events) {
            this.errorEventAfter = events;
            return this;
        }

        public Builder repeatEvent(int index, int times) {
            this.repeatEvent = index;
            this.repeatTimes = times;
            return this;
        }

        public Builder headerPadding(int bytes) {
            this.headerPadding = bytes;
            return this;
        }

        public Builder body(long bytes, boolean chunked) {
            this.bodyBytes = bytes;
            this.bodyChunked = chunked;
            return this;
        }

        public Builder announceClose(boolean announceClose) {
            this.announceClose = announceClose;
            return this;
        }

        public Builder every(int every) {
            this.every = every;
            return this;
        }

        public Builder status(int status) {
            this.status = status;
            return this;
        }

        public Builder retryAfter(String retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        public Builder rawBody(String rawBody) {
            this.rawBody = rawBody;
            return this;
        }

        public Builder headerDelay(Duration headerDelay) {
            this.headerDelay = headerDelay;
            return this;
        }

        public Builder chunkDelay(Duration chunkDelay) {
            this.chunkDelay = chunkDelay;
            return this;
        }

        public Builder cutAfterChunks(int cutAfterChunks) {
            this.cutAfterChunks = cutAfterChunks;
            return this;
        }

        public Builder times(int times) {
            this.times = times;
            return this;
        }

        public Builder pathContains(String pathContains) {
            this.pathContains = pathContains;
            return this;
        }

        public Fault build() {
            return new Fault(status, retryAfter, rawBody, headerDelay, chunkDelay, cutAfterChunks, times, pathContains,
                    every, repeatEvent, repeatTimes, headerPadding, bodyBytes, bodyChunked, announceClose,
                    errorEventAfter);
        }
    }
}
