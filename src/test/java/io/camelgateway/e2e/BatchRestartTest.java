package io.camelgateway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.ProviderSimulator;
import io.camelgateway.simulator.RecordedRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch of 1,000 lines survives a restart of the gateway in its middle: the new gateway, on the same store, runs
 * the lines the first had not answered, and every line is answered exactly once, in the output and at the provider.
 */
class BatchRestartTest {
    private static final int LINES = 1000;
    /** The simulator under the provider "private", which has no first-byte timeout: a slow CI machine fails no line. */
    private static final String MODEL = "private/gpt-4o-mini";
    private static final Pattern LINE = Pattern.compile("line (\\d+)");
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
    void everyLineIsAnsweredExactlyOnceAcrossARestart() throws Exception {
        String sameStore = LimitsTest.ownStore(Files.createTempDirectory("batch-restart"));
        Map<String, String> properties = Map.of("gateway.batches.poll-ms", "50",
                "gateway.batches.concurrency", "4", "gateway.max-body-bytes", "1000000",
                "gateway.batches.max-file-bytes", "1000000");
        String batchId;
        int receivedBeforeStop;
        int answeredBeforeStop;
        try (TestGateway first = TestGateway.start(simulator, Map.of(), properties, sameStore)) {
            String fileId = BatchApi.uploaded(first, TestGateway.CALLER_KEY, BatchApi.chatLines(LINES, MODEL));
            batchId = BatchApi.ok(BatchApi.create(first, TestGateway.CALLER_KEY, fileId, "/v1/chat/completions"))
                    .get("id").asText();
            answeredBeforeStop = awaitAnswered(first, batchId, LINES / 5);
        }
        receivedBeforeStop = simulator.received().size();
        assertTrue(receivedBeforeStop < LINES, "the batch was stopped in its middle: " + receivedBeforeStop);

        JsonNode done;
        try (TestGateway second = TestGateway.start(simulator, Map.of(), properties, sameStore)) {
            done = BatchApi.awaitStatus(second, TestGateway.CALLER_KEY, batchId, Set.of("completed", "failed"),
                    Duration.ofSeconds(60));
            assertEquals("completed", done.get("status").asText(), done.toString());
            assertEquals(LINES, done.at("/request_counts/completed").asInt());
            assertEquals(0, done.at("/request_counts/failed").asInt());

            List<JsonNode> output = BatchApi.lines(second, TestGateway.CALLER_KEY,
                    done.get("output_file_id").asText());
            assertEquals(LINES, output.size());
            Set<String> customIds = new HashSet<>();
            for (JsonNode line : output) {
                String customId = line.get("custom_id").asText();
                assertTrue(customIds.add(customId), "answered twice: " + customId);
                assertEquals("Simulated openai answer to: line " + customId.substring("request-".length()),
                        line.at("/response/body/choices/0/message/content").asText());
            }
            assertTrue(done.get("error_file_id").isNull());
        }

        List<RecordedRequest> received = simulator.received();
        Map<Integer, Integer> sends = new TreeMap<>();
        Set<Integer> sentBeforeStop = new HashSet<>();
        for (int i = 0; i < received.size(); i++) {
            Matcher line = LINE.matcher(received.get(i).body());
            assertTrue(line.find(), received.get(i).body());
            int n = Integer.parseInt(line.group(1));
            sends.merge(n, 1, Integer::sum);
            if (i < receivedBeforeStop) {
                sentBeforeStop.add(n);
            } else {
                assertTrue(!sentBeforeStop.contains(n), "line " + n + " was sent again after the restart");
            }
        }
        assertEquals(LINES, sends.size(), "every line reached the provider");
        assertTrue(sends.values().stream().allMatch(count -> count == 1), "each line once: " + sends);
        System.out.printf("Batch restart: %d lines answered before the stop, %d sent before it, %d after%n",
                answeredBeforeStop, receivedBeforeStop, received.size() - receivedBeforeStop);
    }

    /** Waits until at least this many lines are answered; how many were. */
    private static int awaitAnswered(TestGateway gateway, String batchId, int lines) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode batch = BatchApi.get(gateway, TestGateway.CALLER_KEY, batchId);
            int answered = batch.at("/request_counts/completed").asInt() + batch.at("/request_counts/failed").asInt();
            if (answered >= lines) {
                return answered;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("fewer than " + lines + " lines answered within 60 s");
    }
}
