package io.camelgateway.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.camelgateway.simulator.Sim.NODES;

/**
 * Gemini's batch mode with inlined requests, as the simulator plays it (the API reference's Batch Mode page): POST
 * /v1beta/models/{model}:batchGenerateContent ({"batch":{"displayName","inputConfig":{"requests":{"requests":
 * [{"request","metadata"}]}}}}) answers a batch operation; GET /v1beta/batches (list) and /v1beta/batches/{id} read
 * it (metadata.state BATCH_STATE_*, done, and once ended its inlined responses in the requests' order), POST
 * /v1beta/batches/{id}:cancel cancels it. Each request is answered as generateContent would answer it, as the
 * {@link BatchPlan} in force says; a request the batch expired before has no response.
 */
final class GeminiBatches {
    static final String PATH = "/v1beta/batches";
    private static final String BATCH_TYPE = "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch";
    private static final String OUTPUT_TYPE =
            "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput";
    private static final int MOST_KEPT = 200;

    private final ProviderSimulator sim;
    private final Map<String, Made> batches = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Made> eldest) {
            return size() > MOST_KEPT;
        }
    };

    /** A batch and what it was made with. */
    private record Made(SimulatedBatch run, String model, String displayName) {
    }

    GeminiBatches(ProviderSimulator sim) {
        this.sim = sim;
    }

    static boolean handles(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    synchronized Reply create(String model, JsonNode body) {
        JsonNode batch = body == null ? null : body.get("batch");
        JsonNode requests = batch == null ? null : batch.path("inputConfig").path("requests").path("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            return GeminiFormat.error(400, "INVALID_ARGUMENT",
                    "* BatchGenerateContentRequest.batch.input_config: input_config is not specified");
        }
        List<JsonNode> list = new ArrayList<>();
        requests.forEach(list::add);
        Made made = new Made(new SimulatedBatch("sim" + sim.nextId(), list, sim.batchPlan()), model,
                batch.path("displayName").asText(""));
        batches.put(made.run().id, made);
        return Reply.json(200, operation(made));
    }

    synchronized Reply respond(String method, String path) {
        if (path.equals(PATH) && method.equals("GET")) {
            ObjectNode list = NODES.objectNode();
            ArrayNode operations = list.putArray("operations");
            List<Made> newestFirst = new ArrayList<>(batches.values());
            java.util.Collections.reverse(newestFirst);
            newestFirst.forEach(made -> operations.add(operation(made)));
            return Reply.json(200, list);
        }
        String rest = path.substring(PATH.length() + 1);
        boolean cancel = rest.endsWith(":cancel");
        Made made = batches.get(cancel ? rest.substring(0, rest.length() - ":cancel".length()) : rest);
        if (made == null) {
            return GeminiFormat.error(404, "NOT_FOUND", "Requested entity was not found.");
        }
        if (cancel && method.equals("POST")) {
            made.run().cancel();
            return Reply.json(200, NODES.objectNode());
        }
        if (!cancel && method.equals("GET")) {
            return Reply.json(200, operation(made));
        }
        return GeminiFormat.error(404, "NOT_FOUND", "Requested entity was not found.");
    }

    private ObjectNode operation(Made made) {
        SimulatedBatch run = made.run();
        boolean running = run.running();
        String state = run.plan.fail() ? "BATCH_STATE_FAILED" : running ? "BATCH_STATE_RUNNING"
                : run.cancelledAt() != null ? "BATCH_STATE_CANCELLED"
                : run.expired() ? "BATCH_STATE_EXPIRED" : "BATCH_STATE_SUCCEEDED";
        ObjectNode operation = NODES.objectNode();
        operation.put("name", "batches/" + run.id);
        ObjectNode metadata = operation.putObject("metadata");
        metadata.put("@type", BATCH_TYPE);
        metadata.put("model", "models/" + made.model());
        metadata.put("displayName", made.displayName());
        metadata.put("createTime", run.createdAt.toString());
        metadata.put("updateTime", Instant.now().toString());
        metadata.putObject("batchStats").put("requestCount", String.valueOf(run.requests.size()));
        metadata.put("state", state);
        metadata.put("name", "batches/" + run.id);
        operation.put("done", !running);
        if (run.plan.fail()) {
            operation.putObject("error").put("code", 3).put("message", "The batch is not valid (as the simulator "
                    + "was told).");
        } else if (!running) {
            ObjectNode output = NODES.objectNode().put("@type", OUTPUT_TYPE);
            output.putObject("inlinedResponses").set("inlinedResponses", responses(made));
            operation.set("response", output);
        }
        return operation;
    }

    private ArrayNode responses(Made made) {
        SimulatedBatch run = made.run();
        ArrayNode responses = NODES.arrayNode();
        for (int i = 0; i < run.requests.size(); i++) {
            SimulatedBatch.Outcome outcome = run.outcome(i);
            if (outcome == SimulatedBatch.Outcome.CANCELLED || outcome == SimulatedBatch.Outcome.EXPIRED) {
                continue;
            }
            JsonNode request = run.requests.get(i);
            ObjectNode response = responses.addObject();
            Reply reply = outcome == SimulatedBatch.Outcome.ERRORED
                    ? GeminiFormat.error(400, "INVALID_ARGUMENT", "the simulator was told to refuse this request")
                    : GeminiFormat.generate(sim, request.path("request"), made.model(), false, false);
            JsonNode body = Sim.parseObject(new String(reply.body, StandardCharsets.UTF_8));
            if (reply.status == 200) {
                response.set("response", body);
            } else {
                response.putObject("error").put("code", 3).put("message", body.path("error").path("message")
                        .asText());
            }
            if (request.has("metadata")) {
                response.set("metadata", request.get("metadata"));
            }
        }
        return responses;
    }
}
