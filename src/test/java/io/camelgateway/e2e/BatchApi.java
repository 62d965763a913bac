package io.camelgateway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.Json;

/** Calls to a gateway's /v1/files and /v1/batches, as a client without an SDK makes them (curl -F ...). */
final class BatchApi {
    private static final String BOUNDARY = "gateway-test-boundary-7d3f";

    private BatchApi() {
    }

    /** A JSONL chat batch input: line i asks "line i" of the model, with custom_id "request-i". */
    static String chatLines(int count, String model) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("{\"custom_id\":\"request-").append(i).append("\",\"method\":\"POST\",")
                    .append("\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"").append(model)
                    .append("\",\"messages\":[{\"role\":\"user\",\"content\":\"line ").append(i)
                    .append("\"}]}}\n");
        }
        return lines.toString();
    }

    static HttpResponse<String> upload(TestGateway gateway, String key, String purpose, String filename,
                                       byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose
                + "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/files"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return Http.send(request);
    }

    /** Uploads the lines as a batch file; its id. */
    static String uploaded(TestGateway gateway, String key, String lines) {
        HttpResponse<String> answer = upload(gateway, key, "batch", "input.jsonl",
                lines.getBytes(StandardCharsets.UTF_8));
        return ok(answer).get("id").asText();
    }

    static HttpResponse<String> create(TestGateway gateway, String key, String fileId, String endpoint) {
        return Http.post(gateway, "/v1/batches", "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"" + endpoint
                + "\",\"completion_window\":\"24h\",\"metadata\":{\"job\":\"nightly\"}}", key);
    }

    static JsonNode get(TestGateway gateway, String key, String batchId) {
        return ok(Http.get(gateway, "/v1/batches/" + batchId, key));
    }

    /** Polls the batch until its status is one of these; its last state. */
    static JsonNode awaitStatus(TestGateway gateway, String key, String batchId, Set<String> statuses,
                                Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode batch = get(gateway, key, batchId);
        while (!statuses.contains(batch.get("status").asText())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("batch still " + batch.get("status") + " after " + within + ": " + batch);
            }
            Thread.sleep(50);
            batch = get(gateway, key, batchId);
        }
        return batch;
    }

    /** A file's lines, parsed. */
    static List<JsonNode> lines(TestGateway gateway, String key, String fileId) throws IOException {
        HttpResponse<String> content = Http.get(gateway, "/v1/files/" + fileId + "/content", key);
        if (content.statusCode() != 200) {
            throw new AssertionError("file content answered " + content.statusCode() + ": " + content.body());
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : content.body().split("\n")) {
            if (!line.isEmpty()) {
                lines.add(Json.tree(line));
            }
        }
        return lines;
    }

    static JsonNode ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return Json.tree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
