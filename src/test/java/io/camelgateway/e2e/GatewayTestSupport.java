package io.camelgateway.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.camelgateway.simulator.ProviderSimulator;

/** A provider simulator and a gateway in front of it, started once for each test class. */
abstract class GatewayTestSupport {
    static ProviderSimulator simulator;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() {
        simulator = ProviderSimulator.start(0);
        gateway = TestGateway.start(simulator);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
        simulator.close();
    }
}
