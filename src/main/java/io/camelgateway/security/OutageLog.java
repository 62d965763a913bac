package io.camelgateway.security;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * A scheme's warning that it cannot decide (its server down, its route missing), logged at most once every ten
 * seconds: every request during an outage would otherwise log it again.
 */
public final class OutageLog {
    private static final long EVERY_MILLIS = 10_000;

    private final Logger log;
    private final AtomicLong next = new AtomicLong();

    public OutageLog(Logger log) {
        this.log = log;
    }

    /** Logs the warning unless one was logged in the last ten seconds; never pass a credential. */
    public void warn(String format, Object... arguments) {
        long now = System.currentTimeMillis();
        long due = next.get();
        if (now >= due && next.compareAndSet(due, now + EVERY_MILLIS)) {
            log.warn(format, arguments);
        }
    }
}
