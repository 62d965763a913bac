package io.camelgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standalone gateway's start, in a JVM of its own as {@code java -jar} runs it. */
class GatewayMainTest {

    @Test
    void configurationErrorEndsTheStartWithItsMessageAndNoTaleOfASignal(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "providers:\n  x:\n    format: foo\n");
        ProcessBuilder gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GatewayMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile());
        gateway.environment().put("GATEWAY_CONFIG", config.toString());
        gateway.environment().put("GATEWAY_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());

        Process process = gateway.start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = read(dir.resolve("out.log"));

        assertTrue(ended, "the gateway did not stop after its configuration error:\n" + output);
        assertEquals(1, process.exitValue(), output);
        assertTrue(output.contains("The gateway did not start: " + config
                + ": providers.x.format: 'foo' is not one of"), output);
        assertFalse(output.contains("SIGTERM"), "nobody sent a signal:\n" + output);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
