package io.camelgateway.resilience;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelPoolTest {

    @Test
    void unknownStrategyIsRefusedWithTheValidOnes() {
        ModelPool pool = new ModelPool();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.setStrategy("random"));
        assertTrue(e.getMessage().contains("'random'"), e.getMessage());
        assertTrue(e.getMessage().contains("failover, round-robin, weighted, least-latency, cost"), e.getMessage());
    }

    @Test
    void strategyNamesAreReadAsRouteFilesWriteThem() {
        ModelPool pool = new ModelPool();
        pool.setStrategy(" Least-Latency ");
        assertEquals("least-latency", pool.getStrategy());
    }
}
