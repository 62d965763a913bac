package io.camelgateway.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchListPage;
import com.openai.models.batches.BatchListParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import org.junit.jupiter.api.Test;

import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAI Batch API at the gateway: files, batches, their output, and what they refuse. */
@GatewayProperties({"gateway.batches.poll-ms=50", "gateway.batches.concurrency=4",
    "gateway.batches.max-file-bytes=20000", "gateway.max-body-bytes=1000000"})
@GatewayFiles(yaml = "store:\n  url: jdbc:h2:mem:batches-test\n")
class BatchesTest extends GatewayTestSupport {
    private static final Duration SOON = Duration.ofSeconds(20);
    private static final Set<String> ENDED = Set.of("completed", "failed", "cancelled", "expired");

    @Test
    void batchRunsEachLineThroughTheGatewayIntoTheOutputFile() throws Exception {
        String lines = BatchApi.chatLines(3, "gpt-4o-mini") + "{\"custom_id\":\"unknown-model\",\"method\":\"POST\","
                + "\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"no-such-model\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hi\"}]}}\n";
        String fileId = BatchApi.uploaded(gateway, TestGateway.CALLER_KEY, lines);
        JsonNode created = BatchApi.ok(BatchApi.create(gateway, TestGateway.CALLER_KEY, fileId,
                "/v1/chat/completions"));
        assertEquals("batch", created.get("object").asText());
        assertEquals("validating", created.get("status").asText());
        assertEquals(4, created.at("/request_counts/total").asInt());
        assertEquals("nightly", created.at("/metadata/job").asText());

        JsonNode done = BatchApi.awaitStatus(gateway, TestGateway.CALLER_KEY, created.get("id").asText(), ENDED,
                SOON);
        assertEquals("completed", done.get("status").asText(), done.toString());
        assertEquals(3, done.at("/request_counts/completed").asInt());
        assertEquals(1, done.at("/request_counts/failed").asInt());
        assertTrue(done.get("completed_at").asLong() >= done.get("created_at").asLong());

        List<JsonNode> output = BatchApi.lines(gateway, TestGateway.CALLER_KEY, done.get("output_file_id").asText());
        assertEquals(3, output.size());
        for (int i = 0; i < 3; i++) {
            JsonNode line = output.get(i);
            assertEquals("request-" + i, line.get("custom_id").asText());
            assertEquals(200, line.at("/response/status_code").asInt());
            assertTrue(line.get("id").asText().startsWith("batch_req_"), line.toString());
            assertEquals("Simulated openai answer to: line " + i,
                    line.at("/response/body/choices/0/message/content").asText());
            assertTrue(line.get("error").isNull());
        }
        List<JsonNode> errors = BatchApi.lines(gateway, TestGateway.CALLER_KEY, done.get("error_file_id").asText());
        assertEquals(1, errors.size());
        assertEquals("unknown-model", errors.get(0).get("custom_id").asText());
        assertEquals(404, errors.get(0).at("/response/status_code").asInt());
        assertEquals("model_not_found", errors.get(0).at("/response/body/error/code").asText());
        assertEquals(3, simulator.received().size(), "the provider had each good line once");
        java.net.http.HttpResponse<String> cancel = Http.post(gateway, "/v1/batches/" + done.get("id").asText()
                + "/cancel", "", TestGateway.CALLER_KEY);
        assertEquals(409, cancel.statusCode());
        assertEquals("Cannot cancel a batch with status 'completed'.", Http.error(cancel).get("message").asText());
    }

    @Test
    void openAiSdkUploadsRunsPagesAndDownloads() throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().apiKey(TestGateway.CALLER_KEY)
                .baseUrl(gateway.baseUrl() + "/v1").maxRetries(0).build();
        Path input = Files.createTempFile("sdk-batch", ".jsonl");
        Files.writeString(input, BatchApi.chatLines(5, "gpt-4o-mini"));
        FileObject file = client.files().create(FileCreateParams.builder().file(input)
                .purpose(FilePurpose.BATCH).build());
        assertEquals(input.getFileName().toString(), file.filename());
        assertEquals(Files.size(input), file.bytes());
        assertEquals(file.id(), client.files().retrieve(file.id()).id());

        Batch batch = client.batches().create(BatchCreateParams.builder().inputFileId(file.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build());
        Batch second = client.batches().create(BatchCreateParams.builder().inputFileId(file.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build());
        BatchListPage firstPage = client.batches().list(BatchListParams.builder().limit(1).build());
        assertEquals(List.of(second.id()), firstPage.data().stream().map(Batch::id).toList(), "newest first");
        assertTrue(firstPage.hasNextPage());
        assertEquals(batch.id(), firstPage.nextPage().data().get(0).id());

        long deadline = System.nanoTime() + SOON.toNanos();
        while (!Batch.Status.COMPLETED.equals(client.batches().retrieve(batch.id()).status())) {
            assertTrue(System.nanoTime() < deadline, "the batch completes");
            Thread.sleep(50);
        }
        Batch done = client.batches().retrieve(batch.id());
        assertEquals(5, done.requestCounts().orElseThrow().completed());
        String output;
        try (HttpResponse sdkAnswer = client.files().content(done.outputFileId().orElseThrow())) {
            output = new String(sdkAnswer.body().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(5, output.lines().count());
        assertTrue(output.contains("\"custom_id\":\"request-4\""), output);

        assertTrue(client.files().delete(file.id()).deleted());
        assertThrows(NotFoundException.class, () -> client.files().retrieve(file.id()));
    }

    @Test
    void cancelledBatchRunsNoMoreLinesAndAnswersEachOnce() throws Exception {
        for (int i = 0; i < 4; i++) {
            simulator.enqueue(Fault.slowHeaders(Duration.ofSeconds(1))); // the first lines are still under way
        }
        // "private" has no first-byte timeout: the slow answers are not timed out and retried on a busy machine
        String fileId = BatchApi.uploaded(gateway, TestGateway.CALLER_KEY, BatchApi.chatLines(30,
                "private/gpt-4o-mini"));
        String id = BatchApi.ok(BatchApi.create(gateway, TestGateway.CALLER_KEY, fileId, "/v1/chat/completions"))
                .get("id").asText();
        JsonNode cancelling = BatchApi.ok(Http.post(gateway, "/v1/batches/" + id + "/cancel", "",
                TestGateway.CALLER_KEY));
        assertEquals("cancelling", cancelling.get("status").asText());

        JsonNode done = BatchApi.awaitStatus(gateway, TestGateway.CALLER_KEY, id, ENDED, SOON);
        assertEquals("cancelled", done.get("status").asText(), done.toString());
        assertTrue(done.get("cancelled_at").isNumber());
        int ran = done.at("/request_counts/completed").asInt();
        assertEquals(simulator.received().size(), ran, "the provider had only the lines that ran: " + done);
        assertTrue(ran < 30, "lines were left unrun: " + done);

        List<JsonNode> errors = BatchApi.lines(gateway, TestGateway.CALLER_KEY, done.get("error_file_id").asText());
        assertEquals(30 - ran, errors.size());
        for (JsonNode line : errors) {
            assertTrue(line.get("response").isNull());
            assertEquals("batch_cancelled", line.at("/error/code").asText());
        }
        int answered = errors.size();
        if (ran > 0) {
            answered += BatchApi.lines(gateway, TestGateway.CALLER_KEY, done.get("output_file_id").asText()).size();
        }
        assertEquals(30, answered, "each line once, in one file or the other");
        assertEquals("cancelled", BatchApi.ok(Http.post(gateway, "/v1/batches/" + id + "/cancel", "",
                TestGateway.CALLER_KEY)).get("status").asText(), "cancelling again changes nothing");
    }

    @Test
    void malformedLineIsRefusedNamingTheLine() {
        java.net.http.HttpResponse<String> answer = BatchApi.upload(gateway, TestGateway.CALLER_KEY, "batch", "bad.jsonl",
                (BatchApi.chatLines(2, "gpt-4o-mini") + "{\"custom_id\": oops}\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(400, answer.statusCode());
        JsonNode error = Http.error(answer);
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals("Invalid batch input file, line 3: the line is not valid JSON.", error.get("message").asText());
    }

    @Test
    void lineForAnUrlBatchesDoNotRunIsRefused() {
        String line = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/images/generations\",\"body\":{}}\n";
        java.net.http.HttpResponse<String> answer = BatchApi.upload(gateway, TestGateway.CALLER_KEY, "batch", "bad.jsonl",
                line.getBytes(StandardCharsets.UTF_8));
        assertEquals(400, answer.statusCode());
        assertEquals("Invalid batch input file, line 1: url must be /v1/chat/completions or /v1/embeddings.",
                Http.error(answer).get("message").asText());
    }

    @Test
    void fileOverTheLimitIsRefused() {
        java.net.http.HttpResponse<String> answer = BatchApi.upload(gateway, TestGateway.CALLER_KEY, "batch", "big.jsonl",
                BatchApi.chatLines(200, "gpt-4o-mini").getBytes(StandardCharsets.UTF_8));
        assertEquals(413, answer.statusCode());
        assertEquals("file_too_large", Http.error(answer).get("code").asText());
    }

    @Test
    void batchWhoseLinesAskAnotherEndpointFails() throws Exception {
        String fileId = BatchApi.uploaded(gateway, TestGateway.CALLER_KEY, BatchApi.chatLines(2, "gpt-4o-mini"));
        JsonNode batch = BatchApi.ok(BatchApi.create(gateway, TestGateway.CALLER_KEY, fileId, "/v1/embeddings"));
        assertEquals("failed", batch.get("status").asText());
        assertEquals("mismatched_url", batch.at("/errors/data/0/code").asText());
        assertEquals(1, batch.at("/errors/data/0/line").asInt());
        assertEquals("failed", BatchApi.get(gateway, TestGateway.CALLER_KEY, batch.get("id").asText())
                .get("status").asText());
        assertEquals(0, simulator.received().size());
    }

    @Test
    void anotherTeamsFilesAndBatchesAreNotFound() {
        String fileId = BatchApi.uploaded(gateway, TestGateway.CALLER_KEY, BatchApi.chatLines(1, "gpt-4o-mini"));
        String other = "gw-second-caller-key"; // of the team research
        java.net.http.HttpResponse<String> read = Http.get(gateway, "/v1/files/" + fileId + "/content", other);
        assertEquals(404, read.statusCode());
        assertEquals("file_not_found", Http.error(read).get("code").asText());
        java.net.http.HttpResponse<String> batch = BatchApi.create(gateway, other, fileId, "/v1/chat/completions");
        assertEquals(404, batch.statusCode());
        assertEquals("No such File object: " + fileId, Http.error(batch).get("message").asText());
        assertEquals(0, BatchApi.ok(Http.get(gateway, "/v1/files", other)).get("data").size());

        String batchId = BatchApi.ok(BatchApi.create(gateway, TestGateway.CALLER_KEY, fileId,
                "/v1/chat/completions")).get("id").asText();
        assertEquals(404, Http.get(gateway, "/v1/batches/" + batchId, other).statusCode());
        assertEquals(404, Http.post(gateway, "/v1/batches/" + batchId + "/cancel", "", other).statusCode());
    }
}
