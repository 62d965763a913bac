package io.camelgateway.batch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.api.Json;

/**
 * OpenAI's Batch API (and OpenAI-compatible servers'): the lines uploaded as a JSONL file to /files (purpose
 * batch), a batch made of it at /batches, read at /batches/{id}; its output and error files downloaded from
 * /files/{id}/content. The gateway's batch id is in the provider batch's metadata, to find it again.
 */
final class OpenAiBatchApi implements ProviderBatchApi {
    static final String METADATA_KEY = "gateway_batch_id";

    @Override
    public String submit(ProviderBatchCalls calls, String gatewayBatchId, List<ForwardLine> lines) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (ForwardLine line : lines) {
            ObjectNode request = Json.object().put("custom_id", line.customId()).put("method", "POST")
                    .put("url", "/v1/chat/completions");
            request.set("body", ProviderBatchCalls.json(line.body()));
            file.writeBytes(Json.write(request));
            file.write('\n');
        }
        String boundary = "gateway-batch-" + UUID.randomUUID();
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + gatewayBatchId
                + ".jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        form.writeBytes(file.toByteArray());
        form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String fileId = ProviderBatchCalls.json(calls.post(calls.uri("/files"), form.toByteArray(),
                "multipart/form-data; boundary=" + boundary)).path("id").asText();
        ObjectNode create = Json.object().put("input_file_id", fileId).put("endpoint", "/v1/chat/completions")
                .put("completion_window", "24h");
        create.putObject("metadata").put(METADATA_KEY, gatewayBatchId);
        JsonNode batch = ProviderBatchCalls.json(calls.post(calls.uri("/batches"), Json.write(create), "application/json"));
        return batch.path("id").asText();
    }

    @Override
    public Optional<String> find(ProviderBatchCalls calls, String gatewayBatchId) {
        JsonNode page = ProviderBatchCalls.json(calls.get(calls.uri("/batches?limit=100")));
        for (JsonNode batch : page.path("data")) {
            if (gatewayBatchId.equals(batch.path("metadata").path(METADATA_KEY).asText(null))) {
                return Optional.of(batch.path("id").asText());
            }
        }
        return Optional.empty();
    }

    @Override
    public ProviderBatch read(ProviderBatchCalls calls, String providerBatchId) {
        JsonNode batch = ProviderBatchCalls.json(calls.get(calls.uri("/batches/" + providerBatchId)));
        String status = batch.path("status").asText();
        String state = switch (status) {
            case "completed" -> Batch.COMPLETED;
            case "expired" -> Batch.EXPIRED;
            case "cancelled" -> Batch.CANCELLED;
            case "failed" -> Batch.FAILED;
            default -> ProviderBatch.RUNNING; // validating, in_progress, finalizing, cancelling
        };
        List<String> files = new ArrayList<>();
        for (String field : List.of("output_file_id", "error_file_id")) {
            if (batch.hasNonNull(field)) {
                files.add(batch.get(field).asText());
            }
        }
        JsonNode errors = batch.get("errors");
        return new ProviderBatch(providerBatchId, state, status,
                errors == null || errors.isNull() ? null : Json.writeString(errors), files, null);
    }

    @Override
    public void cancel(ProviderBatchCalls calls, String providerBatchId) {
        calls.post(calls.uri("/batches/" + providerBatchId + "/cancel"), new byte[0], "application/json");
    }

    @Override
    public List<LineResult> results(ProviderBatchCalls calls, ProviderBatch batch) {
        List<LineResult> results = new ArrayList<>();
        for (String fileId : batch.resultFiles()) {
            ProviderBatchCalls.jsonLines(calls.get(calls.uri("/files/" + fileId + "/content")))
                    .forEach(line -> results.add(result(line)));
        }
        return results;
    }

    /** {"custom_id","response":{"status_code","body"},"error"}: a line not run has no response, and an error code. */
    private static LineResult result(JsonNode line) {
        String customId = line.path("custom_id").asText();
        JsonNode response = line.get("response");
        if (response == null || response.isNull()) {
            return new LineResult(customId, 0, null, line.path("error").path("code").asText("batch_failed"));
        }
        return new LineResult(customId, response.path("status_code").asInt(), Json.write(response.path("body")),
                null);
    }
}
