package io.camelgateway.limits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.bucket4j.Bucket;

/** Rate limits and budgets counted in this process only: no I/O, nothing to install. */
public final class InProcessLimits implements LimitStore {

    @Override
    public Bucket perMinute(String id, int capacity) {
        return Bucket.builder().addLimit(l -> l.capacity(capacity).refillGreedy(capacity, Duration.ofMinutes(1)))
                .build();
    }

    @Override
    public ConcurrencySlots slots(String id, int max) {
        AtomicInteger underWay = new AtomicInteger();
        return new ConcurrencySlots() {
            @Override
            public boolean take() {
                if (underWay.incrementAndGet() > max) {
                    underWay.decrementAndGet();
                    return false;
                }
                return true;
            }

            @Override
            public void release() {
                underWay.decrementAndGet();
            }
        };
    }

    @Override
    public BudgetCounter budget(String id, String period, long stored) {
        return new LocalBudget(stored);
    }

    private static final class LocalBudget implements BudgetCounter {
        private long settled;
        private long reserved;

        LocalBudget(long settled) {
            this.settled = settled;
        }

        @Override
        public synchronized boolean reserve(long most, long limit, boolean hard) {
            if (hard && settled + reserved + most > limit) {
                return false;
            }
            reserved += most;
            return true;
        }

        @Override
        public synchronized long settle(long reservation, long cost) {
            reserved -= reservation;
            long before = settled;
            settled += cost;
            return before;
        }

        @Override
        public synchronized long settled() {
            return settled;
        }

        @Override
        public synchronized long reserved() {
            return reserved;
        }
    }
}
