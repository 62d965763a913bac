package io.camelgateway.resilience;

/**
 * A limit per minute as a token bucket: it holds up to the limit, refills continuously at the limit per minute
 * (as providers' own limits do), and a take may drive it below zero, so a request larger than the limit still
 * goes once the bucket is full and the ones after it wait for the debt to refill. Not thread-safe.
 */
final class MinuteBucket {
    private static final double NANOS_PER_MINUTE = 60e9;

    private final int perMinute;
    private double level;
    private long refilledAt;

    MinuteBucket(int perMinute, long now) {
        this.perMinute = perMinute;
        this.level = perMinute;
        this.refilledAt = now;
    }

    boolean fits(long amount, long now) {
        refill(now);
        return level >= Math.min(amount, perMinute);
    }

    void take(long amount) {
        level -= amount;
    }

    /** Gives back (or, negative, takes) the difference between an estimate and what was really used. */
    void correct(long amount, long now) {
        refill(now);
        level = Math.min(perMinute, level + amount);
    }

    /** Nanoseconds until this amount fits, from now. */
    long nanosUntilFits(long amount, long now) {
        refill(now);
        double missing = Math.min(amount, perMinute) - level;
        return missing <= 0 ? 0 : (long) Math.ceil(missing * NANOS_PER_MINUTE / perMinute);
    }

    private void refill(long now) {
        if (now > refilledAt) {
            level = Math.min(perMinute, level + (now - refilledAt) * perMinute / NANOS_PER_MINUTE);
            refilledAt = now;
        }
    }
}
