package io.camelgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A request runs on its connection's Netty event loop (docs/operations.md#threads-and-jvm-options). Camel builds one
 * pipeline per port, from whichever route it starts there first, so a single shipped route without
 * usingExecutorService: false (the admin API's, which started first) moved every request on the port to Camel's
 * executor threads, two thread hand-overs a request. Nor does a step handed to a full pool run on the event loop.
 */
class IngressEventLoopTest {

    @Test
    void everyShippedRouteOnTheGatewayPortStaysOnTheEventLoop() throws IOException {
        List<String> without = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.sorted().toList()) {
                for (JsonNode item : new YAMLMapper().readTree(file.toFile())) {
                    JsonNode from = item.path("route").path("from");
                    if (from.path("uri").asText().contains("{{gateway.port}}")
                            && !"false".equals(from.path("parameters").path("usingExecutorService").asText())) {
                        without.add(file.getFileName() + ": " + item.path("route").path("id").asText());
                    }
                }
            }
        }
        assertEquals(List.of(), without, "routes on the gateway's port without usingExecutorService: false");
    }

    /** Camel's default for a full pool, CallerRuns, would run the step on the caller: an event loop. */
    @Test
    void everyShippedThreadsStepRefusesWhenFullInsteadOfRunningOnTheEventLoop() throws IOException {
        List<String> without = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.sorted().toList()) {
                collectThreadsSteps(new YAMLMapper().readTree(file.toFile()), file.getFileName().toString(), without);
            }
        }
        assertEquals(List.of(), without, "threads: steps without rejectedPolicy: Abort");
    }

    private static void collectThreadsSteps(JsonNode node, String file, List<String> without) {
        if (node.has("threads") && !"Abort".equals(node.path("threads").path("rejectedPolicy").asText())) {
            without.add(file + ": " + node.path("threads").path("threadName").asText());
        }
        node.forEach(child -> collectThreadsSteps(child, file, without));
    }
}
