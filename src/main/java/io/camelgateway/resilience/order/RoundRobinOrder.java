package io.camelgateway.resilience.order;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** round-robin: each request starts at the next member, and goes on in the order listed. */
public final class RoundRobinOrder implements MemberOrder {
    private final AtomicInteger turn = new AtomicInteger();

    @Override
    public void order(List<Integer> members) {
        Collections.rotate(members, -Math.floorMod(turn.getAndIncrement(), members.size()));
    }
}
