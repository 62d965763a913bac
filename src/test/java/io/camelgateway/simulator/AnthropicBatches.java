package io.camelgateway.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.camelgateway.simulator.Sim.NODES;

/**
 * Anthropic's Message Batches as the simulator plays them (the API reference's Message Batches pages): POST
 * /v1/messages/batches ({"requests":[{"custom_id","params"}]}), GET /v1/messages/batches (list) and
 * /v1/messages/batches/{id}, POST /v1/messages/batches/{id}/cancel, and once ended GET
 * /v1/messages/batches/{id}/results (JSONL, each result succeeded, errored, canceled or expired). Each request is
 * answered as /v1/messages would answer it, as the {@link BatchPlan} in force says.
 */
final class AnthropicBatches {
    static final String PATH = "/v1/messages/batches";
    private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final int MOST_KEPT = 200;

    private final ProviderSimulator sim;
    private final Map<String, SimulatedBatch> batches = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SimulatedBatch> eldest) {
            return size() > MOST_KEPT;
        }
    };

    AnthropicBatches(ProviderSimulator sim) {
        this.sim = sim;
    }

    static boolean handles(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    synchronized Reply respond(String method, String path, String body) {
        String rest = path.substring(PATH.length());
        if (rest.isEmpty() && method.equals("POST")) {
            return create(Sim.parseObject(body));
        }
        if (rest.isEmpty() && method.equals("GET")) {
            ObjectNode list = NODES.objectNode();
            ArrayNode data = list.putArray("data");
            List<SimulatedBatch> newestFirst = new ArrayList<>(batches.values());
            java.util.Collections.reverse(newestFirst);
            newestFirst.forEach(b -> data.add(json(b)));
            list.put("has_more", false);
            list.put("first_id", newestFirst.isEmpty() ? null : newestFirst.get(0).id);
            list.put("last_id", newestFirst.isEmpty() ? null : newestFirst.get(newestFirst.size() - 1).id);
            return Reply.json(200, list);
        }
        String[] parts = rest.substring(1).split("/");
        SimulatedBatch batch = batches.get(parts[0]);
        if (batch == null) {
            return AnthropicFormat.error(404, "not_found_error", "No batch found with id " + parts[0]);
        }
        if (parts.length == 1 && method.equals("GET")) {
            return Reply.json(200, json(batch));
        }
        if (parts.length == 2 && parts[1].equals("cancel") && method.equals("POST")) {
            batch.cancel();
            return Reply.json(200, json(batch));
        }
        if (parts.length == 2 && parts[1].equals("results") && method.equals("GET")) {
            if (batch.running()) {
                return AnthropicFormat.error(400, "invalid_request_error", "Message Batch " + batch.id
                        + " has not yet ended; its results are not yet available.");
            }
            return Reply.raw(200, "application/binary", results(batch));
        }
        return AnthropicFormat.error(404, "not_found_error", "Not found");
    }

    private Reply create(JsonNode body) {
        if (body == null || !body.path("requests").isArray() || body.path("requests").isEmpty()) {
            return AnthropicFormat.error(400, "invalid_request_error", "requests: Field required");
        }
        if (sim.batchPlan().fail()) {
            return AnthropicFormat.error(400, "invalid_request_error",
                    "requests.0.params: the batch is not valid (as the simulator was told)");
        }
        Set<String> ids = new HashSet<>();
        List<JsonNode> requests = new ArrayList<>();
        for (JsonNode request : body.get("requests")) {
            String customId = request.path("custom_id").asText("");
            if (!CUSTOM_ID.matcher(customId).matches() || !ids.add(customId)) {
                return AnthropicFormat.error(400, "invalid_request_error", "requests." + requests.size()
                        + ".custom_id: must be unique and match ^[a-zA-Z0-9_-]{1,64}$");
            }
            if (!request.path("params").isObject()) {
                return AnthropicFormat.error(400, "invalid_request_error", "requests." + requests.size()
                        + ".params: Field required");
            }
            requests.add(request);
        }
        SimulatedBatch batch = new SimulatedBatch("msgbatch_sim" + sim.nextId(), requests, sim.batchPlan());
        batches.put(batch.id, batch);
        return Reply.json(200, json(batch));
    }

    private String results(SimulatedBatch batch) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < batch.requests.size(); i++) {
            JsonNode request = batch.requests.get(i);
            ObjectNode line = NODES.objectNode().put("custom_id", request.path("custom_id").asText());
            ObjectNode result = line.putObject("result");
            switch (batch.outcome(i)) {
                case CANCELLED -> result.put("type", "canceled");
                case EXPIRED -> result.put("type", "expired");
                case ERRORED -> result.put("type", "errored").set("error", error("the simulator was told to "
                        + "refuse this request"));
                default -> {
                    Reply answer = AnthropicFormat.messages(sim, request.get("params"));
                    JsonNode message = Sim.parseObject(new String(answer.body, StandardCharsets.UTF_8));
                    if (answer.status == 200) {
                        result.put("type", "succeeded").set("message", message);
                    } else {
                        result.put("type", "errored").set("error", message);
                    }
                }
            }
            lines.append(line).append('\n');
        }
        return lines.toString();
    }

    private static JsonNode error(String message) {
        ObjectNode error = NODES.objectNode().put("type", "error");
        error.putObject("error").put("type", "invalid_request_error").put("message", message);
        return error;
    }

    private ObjectNode json(SimulatedBatch batch) {
        boolean running = batch.running();
        Instant cancelled = batch.cancelledAt();
        ObjectNode json = NODES.objectNode();
        json.put("id", batch.id);
        json.put("type", "message_batch");
        json.put("processing_status", running ? "in_progress" : "ended");
        ObjectNode counts = json.putObject("request_counts");
        int[] tally = new int[SimulatedBatch.Outcome.values().length];
        if (!running) {
            for (int i = 0; i < batch.requests.size(); i++) {
                tally[batch.outcome(i).ordinal()]++;
            }
        }
        counts.put("processing", running ? batch.requests.size() : 0);
        counts.put("succeeded", tally[SimulatedBatch.Outcome.ANSWERED.ordinal()]);
        counts.put("errored", tally[SimulatedBatch.Outcome.ERRORED.ordinal()]);
        counts.put("canceled", tally[SimulatedBatch.Outcome.CANCELLED.ordinal()]);
        counts.put("expired", tally[SimulatedBatch.Outcome.EXPIRED.ordinal()]);
        json.put("ended_at", running ? null : Instant.now().toString());
        json.put("created_at", batch.createdAt.toString());
        json.put("expires_at", batch.createdAt.plusSeconds(86_400).toString());
        json.putNull("archived_at");
        json.put("cancel_initiated_at", cancelled == null ? null : cancelled.toString());
        json.put("results_url", running ? null : sim.baseUrl() + PATH + "/" + batch.id + "/results");
        return json;
    }
}
