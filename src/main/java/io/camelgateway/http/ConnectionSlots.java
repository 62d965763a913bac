package io.camelgateway.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the open client connections against the limit. Past it, a few more connections are let in for health
 * checks only, so that a liveness probe still gets its answer while the gateway turns everyone else away.
 */
final class ConnectionSlots {
    /** Connections past the limit that may still ask /health/live or /health/ready. */
    static final int HEALTH_CHECK_RESERVE = 8;

    enum Slot { FULL, HEALTH_CHECKS_ONLY, NONE }

    private final AtomicInteger open = new AtomicInteger();
    private final int max;

    ConnectionSlots(int max) {
        this.max = max;
    }

    /** Counts a new connection in and says what it may do; every call needs its {@link #release}. */
    Slot take() {
        int n = open.incrementAndGet();
        return n <= max ? Slot.FULL : n <= max + HEALTH_CHECK_RESERVE ? Slot.HEALTH_CHECKS_ONLY : Slot.NONE;
    }

    void release() {
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }
}
