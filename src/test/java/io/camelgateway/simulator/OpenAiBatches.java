package io.camelgateway.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.camelgateway.simulator.Sim.NODES;

/**
 * OpenAI's Batch API as the simulator plays it (the API reference's Files and Batch pages): POST /v1/files
 * (multipart, purpose batch), GET /v1/files/{id}/content; POST /v1/batches, GET /v1/batches (list) and
 * /v1/batches/{id}, POST /v1/batches/{id}/cancel. A batch runs as the {@link BatchPlan} in force when it was made
 * says; its lines are answered as /v1/chat/completions would answer them.
 */
final class OpenAiBatches {
    private static final int MOST_KEPT = 200;

    private final ProviderSimulator sim;
    private final Map<String, byte[]> files = keptMap();
    private final Map<String, SimBatch> batches = keptMap();

    OpenAiBatches(ProviderSimulator sim) {
        this.sim = sim;
    }

    /** Whether this path is the Batch API's. */
    static boolean handles(String path) {
        return path.equals("/v1/files") || path.startsWith("/v1/files/") || path.equals("/v1/batches")
                || path.startsWith("/v1/batches/");
    }

    synchronized Reply respond(String method, String path, String contentType, String body) {
        String[] parts = path.substring(1).split("/");
        if (parts[1].equals("files")) {
            if (parts.length == 2 && method.equals("POST")) {
                return upload(contentType, body);
            }
            if (parts.length == 4 && parts[3].equals("content") && method.equals("GET")) {
                byte[] content = files.get(parts[2]);
                return content == null ? noSuch("File", parts[2]) : Reply.raw(200, "application/octet-stream",
                        new String(content, StandardCharsets.UTF_8));
            }
            return OpenAiFormat.invalidUrl(method, path);
        }
        if (parts.length == 2 && method.equals("POST")) {
            return create(Sim.parseObject(body));
        }
        if (parts.length == 2 && method.equals("GET")) {
            ObjectNode list = NODES.objectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            List<SimBatch> newestFirst = new ArrayList<>(batches.values());
            java.util.Collections.reverse(newestFirst);
            newestFirst.forEach(b -> data.add(b.json()));
            list.put("has_more", false);
            return Reply.json(200, list);
        }
        SimBatch batch = batches.get(parts[2]);
        if (batch == null) {
            return noSuch("Batch", parts[2]);
        }
        if (parts.length == 3 && method.equals("GET")) {
            return Reply.json(200, batch.json());
        }
        if (parts.length == 4 && parts[3].equals("cancel") && method.equals("POST")) {
            if (batch.ended()) {
                return OpenAiFormat.error(400, "Cannot cancel a batch with status '" + batch.status() + "'.",
                        "invalid_request_error", null);
            }
            batch.run.cancel();
            return Reply.json(200, batch.json());
        }
        return OpenAiFormat.invalidUrl(method, path);
    }

    private Reply upload(String contentType, String body) {
        int b = contentType == null ? -1 : contentType.indexOf("boundary=");
        if (b < 0) {
            return OpenAiFormat.error(400, "Invalid file format: expected multipart/form-data.",
                    "invalid_request_error", null);
        }
        String boundary = "--" + contentType.substring(b + "boundary=".length()).replace("\"", "").trim();
        String purpose = null;
        String filename = null;
        String content = null;
        for (String part : body.split(java.util.regex.Pattern.quote(boundary))) {
            int headEnd = part.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                continue;
            }
            String head = part.substring(0, headEnd);
            String value = part.substring(headEnd + 4);
            value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value;
            if (head.contains("name=\"purpose\"")) {
                purpose = value;
            } else if (head.contains("name=\"file\"")) {
                int f = head.indexOf("filename=\"");
                filename = f < 0 ? "upload" : head.substring(f + 10, head.indexOf('"', f + 10));
                content = value;
            }
        }
        if (!"batch".equals(purpose) || content == null) {
            return OpenAiFormat.error(400, "'purpose' must be 'batch' and a 'file' is required.",
                    "invalid_request_error", null);
        }
        String id = "file-sim" + sim.nextId();
        files.put(id, content.getBytes(StandardCharsets.UTF_8));
        return Reply.json(200, fileJson(id, filename, content.length(), "batch"));
    }

    private Reply create(JsonNode request) {
        if (request == null) {
            return OpenAiFormat.malformed();
        }
        String fileId = request.path("input_file_id").asText(null);
        byte[] input = fileId == null ? null : files.get(fileId);
        if (input == null) {
            return noSuch("File", String.valueOf(fileId));
        }
        if (!"/v1/chat/completions".equals(request.path("endpoint").asText())
                || !"24h".equals(request.path("completion_window").asText())) {
            return OpenAiFormat.error(400, "Invalid 'endpoint' or 'completion_window'.", "invalid_request_error",
                    null);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String text : new String(input, StandardCharsets.UTF_8).split("\n")) {
            if (!text.isBlank()) {
                lines.add(Sim.parseObject(text));
            }
        }
        SimBatch batch = new SimBatch(new SimulatedBatch("batch_sim" + sim.nextId(), lines, sim.batchPlan()), fileId,
                request.get("metadata"));
        batches.put(batch.run.id, batch);
        return Reply.json(200, batch.json());
    }

    private static Reply noSuch(String what, String id) {
        return OpenAiFormat.error(404, "No such " + what + " object: " + id, "invalid_request_error", null);
    }

    private static ObjectNode fileJson(String id, String filename, long bytes, String purpose) {
        ObjectNode file = NODES.objectNode();
        file.put("id", id);
        file.put("object", "file");
        file.put("bytes", bytes);
        file.put("created_at", Sim.nowSeconds());
        file.put("filename", filename);
        file.put("purpose", purpose);
        return file;
    }

    private static <V> Map<String, V> keptMap() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MOST_KEPT;
            }
        };
    }

    /** One batch: its status follows from the time and its plan; its files are written when it ends. */
    private final class SimBatch {
        final SimulatedBatch run;
        final String inputFileId;
        final JsonNode metadata;
        String outputFileId;
        String errorFileId;
        int completed;
        int failed;
        boolean written;

        SimBatch(SimulatedBatch run, String inputFileId, JsonNode metadata) {
            this.run = run;
            this.inputFileId = inputFileId;
            this.metadata = metadata;
        }

        boolean ended() {
            return !run.running();
        }

        String status() {
            return run.plan.fail() ? "failed" : run.running() ? "in_progress"
                    : run.cancelledAt() != null ? "cancelled" // cancelling lasts no longer than a read here
                    : run.expired() ? "expired" : "completed";
        }

        ObjectNode json() {
            String status = status();
            if (ended() && !written && !status.equals("failed")) {
                write();
            }
            long created = run.createdAt.getEpochSecond();
            ObjectNode json = NODES.objectNode();
            json.put("id", run.id);
            json.put("object", "batch");
            json.put("endpoint", "/v1/chat/completions");
            if (status.equals("failed")) {
                ObjectNode errors = json.putObject("errors").put("object", "list");
                errors.putArray("data").addObject().put("code", "invalid_request")
                        .put("message", "The batch input file is not valid (as the simulator was told).")
                        .putNull("param").put("line", 1);
            } else {
                json.putNull("errors");
            }
            json.put("input_file_id", inputFileId);
            json.put("completion_window", "24h");
            json.put("status", status);
            json.put("output_file_id", outputFileId);
            json.put("error_file_id", errorFileId);
            json.put("created_at", created);
            json.put("in_progress_at", status.equals("failed") ? null : created);
            json.put("expires_at", created + 86_400);
            json.put("completed_at", status.equals("completed") ? Sim.nowSeconds() : null);
            json.put("failed_at", status.equals("failed") ? created : null);
            json.put("expired_at", status.equals("expired") ? Sim.nowSeconds() : null);
            json.put("cancelled_at", run.cancelledAt() == null ? null : run.cancelledAt().getEpochSecond());
            ObjectNode counts = json.putObject("request_counts");
            counts.put("total", run.requests.size());
            counts.put("completed", completed);
            counts.put("failed", failed);
            json.set("metadata", metadata == null ? NODES.nullNode() : metadata);
            return json;
        }

        /** Answers its lines as the plan says and files them; a cancelled batch's lines never run are in neither. */
        private void write() {
            written = true;
            StringBuilder output = new StringBuilder();
            StringBuilder errors = new StringBuilder();
            for (int i = 0; i < run.requests.size(); i++) {
                SimulatedBatch.Outcome outcome = run.outcome(i);
                if (outcome == SimulatedBatch.Outcome.CANCELLED) {
                    continue;
                }
                JsonNode line = run.requests.get(i);
                ObjectNode result = NODES.objectNode();
                result.put("id", "batch_req_sim" + sim.nextId());
                result.put("custom_id", line.path("custom_id").asText());
                if (outcome == SimulatedBatch.Outcome.EXPIRED) {
                    result.putNull("response");
                    result.putObject("error").put("code", "batch_expired")
                            .put("message", "This request could not be executed before the completion window "
                                    + "expired.");
                    errors.append(result).append('\n');
                    continue;
                }
                Reply reply = outcome == SimulatedBatch.Outcome.ERRORED
                        ? OpenAiFormat.error(400, "Invalid 'messages[0].content': the simulator was told to refuse "
                                + "this line.", "invalid_request_error", "invalid_value")
                        : OpenAiFormat.chat(sim, line.path("body"), "openai", line.path("body").path("model")
                                .asText(null));
                ObjectNode response = result.putObject("response");
                response.put("status_code", reply.status);
                response.put("request_id", "req_sim" + sim.nextId());
                response.set("body", Sim.parseObject(new String(reply.body, StandardCharsets.UTF_8)));
                result.putNull("error");
                if (reply.status == 200) {
                    completed++;
                    output.append(result).append('\n');
                } else {
                    failed++;
                    errors.append(result).append('\n');
                }
            }
            if (!output.isEmpty()) {
                outputFileId = "file-sim" + sim.nextId();
                files.put(outputFileId, output.toString().getBytes(StandardCharsets.UTF_8));
            }
            if (!errors.isEmpty()) {
                errorFileId = "file-sim" + sim.nextId();
                files.put(errorFileId, errors.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
