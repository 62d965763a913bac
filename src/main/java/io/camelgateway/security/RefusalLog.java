package io.camelgateway.security;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

import io.camelgateway.http.ClientText;

/**
 * Logs refused requests (path and reason category, never a credential) at most {@value #PER_WINDOW} times every
 * ten seconds, then one line with how many more there were: a flood of bad keys cannot flood the log.
 */
final class RefusalLog {
    private static final int PER_WINDOW = 20;
    private static final long WINDOW_NANOS = 10_000_000_000L;

    private final Logger log;
    private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
    private final AtomicLong inWindow = new AtomicLong();

    RefusalLog(Logger log) {
        this.log = log;
    }

    void refused(String path, String reason) {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (now - start > WINDOW_NANOS && windowStart.compareAndSet(start, now)) {
            long last = inWindow.getAndSet(0);
            if (last > PER_WINDOW) {
                log.info("{} more requests were refused in the last 10 s", last - PER_WINDOW);
            }
        }
        if (inWindow.incrementAndGet() <= PER_WINDOW) {
            log.info("Refused a request to {}: {}", ClientText.printable(path, 100), reason);
        }
    }
}
