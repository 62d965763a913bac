package io.camelgateway.e2e;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.ProviderSimulator;
import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stored responses live in the gateway's store: a new gateway on the same store reads and continues them, a
 * conversation longer than gateway.responses.max-conversation is not kept, and the retention sweep deletes them.
 */
class StoredResponsesRestartTest {
    private static ProviderSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = ProviderSimulator.start(0);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void storedConversationOutlivesTheGatewayWithinItsLimits() throws Exception {
        String sameStore = LimitsTest.ownStore(Files.createTempDirectory("responses-restart"));
        String plainId;
        String streamedId;
        try (TestGateway first = TestGateway.start(simulator, Map.of(), Map.of(), sameStore)) {
            OpenAIClient client = sdk(first);
            plainId = client.responses().create(ResponseCreateParams.builder().model("openai/gpt-4o-mini")
                    .input("Remember the word camel").build()).id();
            streamedId = streamed(client, ResponseCreateParams.builder().model("anthropic/claude-sonnet-4-5")
                    .previousResponseId(plainId).input("Which word?").build()).id();
        }

        // At most two responses per conversation, and 20,000 bytes: beyond them a response is answered, and not kept.
        try (TestGateway second = TestGateway.start(simulator, Map.of(),
                Map.of("gateway.responses.max-conversation", "2", "gateway.responses.max-stored-bytes", "20000"),
                sameStore)) {
            OpenAIClient client = sdk(second);
            assertEquals("Simulated openai answer to: Remember the word camel",
                    ResponsesSdkTest.outputText(client.responses().retrieve(plainId)));
            assertEquals("Simulated anthropic answer to: Which word?",
                    ResponsesSdkTest.outputText(client.responses().retrieve(streamedId)));

            simulator.clearReceived();
            Response third = client.responses().create(ResponseCreateParams.builder().model("gemini/gemini-2.5-flash")
                    .previousResponseId(streamedId).input("Spell it").build());
            assertEquals("Simulated gemini answer to: Spell it", ResponsesSdkTest.outputText(third));
            RecordedRequest received = simulator.received().get(simulator.received().size() - 1);
            for (String earlier : List.of("Remember the word camel", "Simulated openai answer to: Remember the word "
                    + "camel", "Which word?", "Simulated anthropic answer to: Which word?")) {
                assertTrue(received.body().contains(earlier), earlier + " in " + received.body());
            }
            assertFalse(StoredResponsesSdkTest.stored(third), "a third response is beyond the limit");
            assertThrows(NotFoundException.class, () -> client.responses().retrieve(third.id()));

            Response big = client.responses().create(ResponseCreateParams.builder().model("openai/gpt-4o-mini")
                    .input("x".repeat(25_000)).build());
            assertFalse(StoredResponsesSdkTest.stored(big), "beyond max-stored-bytes");
            assertThrows(NotFoundException.class, () -> client.responses().retrieve(big.id()));
            Response small = client.responses().create(ResponseCreateParams.builder().model("openai/gpt-4o-mini")
                    .input("x".repeat(5_000)).build());
            assertTrue(StoredResponsesSdkTest.stored(small), "within max-stored-bytes");
        }

        try (TestGateway sweeping = TestGateway.start(simulator, Map.of(),
                Map.of("gateway.responses.retention-ms", "1", "gateway.responses.sweep-ms", "100"), sameStore)) {
            OpenAIClient client = sdk(sweeping);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean swept = false;
            while (!swept && System.nanoTime() < deadline) {
                try {
                    client.responses().retrieve(plainId);
                    Thread.sleep(50);
                } catch (NotFoundException e) {
                    swept = true;
                }
            }
            assertTrue(swept, "the sweep deleted a response older than the retention");
            assertThrows(NotFoundException.class, () -> client.responses().retrieve(streamedId));
        }
    }

    private static OpenAIClient sdk(TestGateway gateway) {
        return OpenAIOkHttpClient.builder().apiKey(TestGateway.CALLER_KEY).baseUrl(gateway.baseUrl() + "/v1")
                .maxRetries(0).build();
    }

    private static Response streamed(OpenAIClient client, ResponseCreateParams params) {
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
            return stream.stream().reduce((a, b) -> b).orElseThrow().completed().orElseThrow().response();
        }
    }
}
