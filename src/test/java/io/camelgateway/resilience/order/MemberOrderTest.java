package io.camelgateway.resilience.order;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MemberOrderTest {

    private static List<Integer> ordered(MemberOrder order, int members) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            list.add(i);
        }
        order.order(list);
        return list;
    }

    @Test
    void failoverKeepsTheListedOrder() {
        assertEquals(List.of(0, 1, 2), ordered(new FailoverOrder(), 3));
    }

    @Test
    void roundRobinStartsEachRequestAtTheNextMember() {
        RoundRobinOrder order = new RoundRobinOrder();
        assertEquals(List.of(0, 1, 2), ordered(order, 3));
        assertEquals(List.of(1, 2, 0), ordered(order, 3));
        assertEquals(List.of(2, 0, 1), ordered(order, 3));
        assertEquals(List.of(0, 1, 2), ordered(order, 3));
    }

    @Test
    void weightedPutsEachMemberFirstInProportionSpreadOut() {
        WeightedOrder order = new WeightedOrder(new double[] {3, 1});
        List<Integer> firsts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<Integer> members = ordered(order, 2);
            firsts.add(members.get(0));
            assertEquals(2, members.size(), "the other member follows");
        }
        assertEquals(List.of(0, 0, 1, 0, 0, 0, 1, 0), firsts);
    }

    @Test
    void leastLatencyAndCostSortAscending() {
        double[] latency = {120, 15, 60};
        assertEquals(List.of(1, 2, 0), ordered(new LeastLatencyOrder(i -> latency[i]), 3));
        assertEquals(List.of(2, 0, 1), ordered(new CostOrder(new double[] {2.8, 6, 0.75}), 3));
    }
}
