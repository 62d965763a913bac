package io.camelgateway.resilience.order;

import java.util.List;

/**
 * weighted: the first member is drawn in proportion to its weight by smooth weighted round robin (as nginx does):
 * the same proportions, spread out instead of in runs. The others follow in the order listed.
 */
public final class WeightedOrder implements MemberOrder {
    private final double[] weights;
    private final double[] credit;

    public WeightedOrder(double[] weights) {
        this.weights = weights.clone();
        this.credit = new double[weights.length];
    }

    @Override
    public void order(List<Integer> members) {
        Integer first = pick();
        members.remove(first);
        members.add(0, first);
    }

    private synchronized int pick() {
        double total = 0;
        int best = 0;
        for (int i = 0; i < credit.length; i++) {
            credit[i] += weights[i];
            total += weights[i];
            if (credit[i] > credit[best]) {
                best = i;
            }
        }
        credit[best] -= total;
        return best;
    }
}
