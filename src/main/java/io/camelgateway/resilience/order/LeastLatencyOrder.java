package io.camelgateway.resilience.order;

import java.util.Comparator;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/** least-latency: fastest first, by each member's recent latency (0 for one never measured, so it goes first). */
public final class LeastLatencyOrder implements MemberOrder {
    private final IntToDoubleFunction latency;

    /** @param latency a member's recent latency in ms, by index; the pool measures it */
    public LeastLatencyOrder(IntToDoubleFunction latency) {
        this.latency = latency;
    }

    @Override
    public void order(List<Integer> members) {
        members.sort(Comparator.comparingDouble(latency::applyAsDouble));
    }
}
