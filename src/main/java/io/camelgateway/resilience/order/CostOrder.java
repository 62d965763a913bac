package io.camelgateway.resilience.order;

import java.util.Comparator;
import java.util.List;

/** cost: cheapest first, by each member's cost in any one unit. */
public final class CostOrder implements MemberOrder {
    private final double[] costs;

    public CostOrder(double[] costs) {
        this.costs = costs.clone();
    }

    @Override
    public void order(List<Integer> members) {
        members.sort(Comparator.comparingDouble(i -> costs[i]));
    }
}
