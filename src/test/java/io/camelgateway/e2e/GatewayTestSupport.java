package io.camelgateway.e2e;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.platform.commons.support.AnnotationSupport;

import io.camelgateway.simulator.ProviderSimulator;

/**
 * A provider simulator and a gateway in front of it, started once for each test class, with the simulator's
 * faults and recorded requests cleared before each test. A class sets gateway properties with
 * {@link GatewayProperties}, on itself or on an annotation it carries, and adds to gateway.yaml and routes/ with
 * {@link GatewayFiles}.
 */
abstract class GatewayTestSupport {
    static ProviderSimulator simulator;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway(TestInfo test) {
        Map<String, String> properties = new LinkedHashMap<>();
        Optional<GatewayProperties> given = AnnotationSupport.findAnnotation(test.getTestClass(), GatewayProperties.class);
        if (given.isPresent()) {
            for (String property : given.get().value()) {
                int eq = property.indexOf('=');
                properties.put(property.substring(0, eq), property.substring(eq + 1));
            }
        }
        Optional<GatewayFiles> files = AnnotationSupport.findAnnotation(test.getTestClass(), GatewayFiles.class);
        simulator = ProviderSimulator.start(0);
        gateway = TestGateway.start(simulator, Map.of(), properties, files.map(GatewayFiles::yaml).orElse(""),
                files.map(f -> Arrays.stream(f.routes()).map(Path::of).toList()).orElse(List.of()));
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
        simulator.close();
    }

    @BeforeEach
    void resetSimulator() {
        simulator.clearReceived();
        simulator.clearFaults();
    }
}
