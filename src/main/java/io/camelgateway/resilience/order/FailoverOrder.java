package io.camelgateway.resilience.order;

import java.util.List;

/** failover: the members in the order listed. */
public final class FailoverOrder implements MemberOrder {

    @Override
    public void order(List<Integer> members) {
        // already in the order listed
    }
}
