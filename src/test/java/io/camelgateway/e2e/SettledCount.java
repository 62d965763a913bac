package io.camelgateway.e2e;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A counter's value once it has stopped moving: what a provider could write before the gateway stopped reading. */
public final class SettledCount {
    private SettledCount() {
    }

    /** The counter's value once it has not moved for {@code quiet}, or where it is after {@code atMost}. */
    public static long of(LongSupplier counter, Duration quiet, Duration atMost) throws InterruptedException {
        long value = counter.getAsLong();
        long quietSince = System.nanoTime();
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() - quietSince < quiet.toNanos() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            long now = counter.getAsLong();
            if (now != value) {
                value = now;
                quietSince = System.nanoTime();
            }
        }
        return value;
    }
}
