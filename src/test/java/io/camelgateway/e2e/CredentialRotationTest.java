package io.camelgateway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A provider key kept in a file rotates without a restart. */
class CredentialRotationTest extends GatewayTestSupport {

    @Test
    void rotatedKeyFileIsUsedOnTheNextCall() throws Exception {
        assertEquals(200, Http.post(gateway, "/v1/chat/completions", Http.chat("anthropic/claude-sonnet-4-5", "one", false)).statusCode());
        Path keyFile = gateway.dir().resolve("anthropic.key");
        Files.writeString(keyFile, "rotated-anthropic-key\n");
        Files.setLastModifiedTime(keyFile, FileTime.from(Instant.now().plusSeconds(5)));

        assertEquals(200, Http.post(gateway, "/v1/chat/completions", Http.chat("anthropic/claude-sonnet-4-5", "two", false)).statusCode());

        List<RecordedRequest> received = simulator.received();
        assertEquals("sim-anthropic-key", received.get(received.size() - 2).header("x-api-key"));
        assertEquals("rotated-anthropic-key", received.get(received.size() - 1).header("x-api-key"));
    }
}
