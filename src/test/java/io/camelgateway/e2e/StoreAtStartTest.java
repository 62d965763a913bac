package io.camelgateway.e2e;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.ProviderSimulator;
import io.camelgateway.store.StoreSettings;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store opens while the routes load; a store that does not open still stops the start, saying why. */
class StoreAtStartTest {
    @Test
    void aStoreThatDoesNotOpenStopsTheStartWithItsReason() {
        try (ProviderSimulator simulator = ProviderSimulator.start(0)) {
            String unreachable = "jdbc:postgresql://127.0.0.1:" + TestGateway.closedPort() + "/gateway";

            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> TestGateway.start(
                    simulator, Map.of(StoreSettings.URL_VARIABLE, unreachable), Map.of(), "", List.of()).close());

            StringBuilder reasons = new StringBuilder();
            for (Throwable t = refused; t != null; t = t.getCause()) {
                reasons.append(t.getMessage()).append('\n');
            }
            assertTrue(reasons.toString().contains("Cannot open the store (PostgreSQL at 127.0.0.1:"),
                    reasons.toString());
        }
    }
}
