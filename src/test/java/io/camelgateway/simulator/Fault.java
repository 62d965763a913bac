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
 */
public record Fault(int status, String retryAfter, String rawBody, Duration headerDelay, Duration chunkDelay,
                    int cutAfterChunks, int times, String pathContains, int every) {

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

        private Builder() {
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
                    every);
        }
    }
}
