package io.camelgateway.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.api.Json;
import io.camelgateway.provider.ProviderTranslators;
import io.camelgateway.provider.gemini.GeminiTranslator;

/**
 * Gemini's batch mode with inlined requests: the lines, as generateContent requests, in one POST
 * /v1beta/models/{model}:batchGenerateContent (each with metadata.key, the gateway's custom id; the batch's
 * displayName, the gateway's batch id), the batch operation read at /v1beta/batches/{id} (its state
 * BATCH_STATE_*), its inlined responses, in the requests' order, read from it once it has ended.
 */
final class GeminiBatchApi implements ProviderBatchApi {
    /** The HTTP status of each google.rpc.Code an inlined error may carry. */
    private static final Map<Integer, Integer> HTTP_STATUS = Map.of(3, 400, 4, 504, 5, 404, 7, 403, 8, 429,
            9, 400, 13, 500, 14, 503, 16, 401);

    @Override
    public String submit(ProviderBatchCalls calls, String gatewayBatchId, List<ForwardLine> lines) {
        ObjectNode body = Json.object();
        ObjectNode batch = body.putObject("batch").put("displayName", gatewayBatchId);
        ArrayNode requests = batch.putObject("inputConfig").putObject("requests").putArray("requests");
        for (ForwardLine line : lines) {
            ObjectNode request = requests.addObject();
            request.set("request", ProviderBatchCalls.json(line.body()));
            request.putObject("metadata").put("key", line.customId());
        }
        GeminiTranslator translator = (GeminiTranslator) ProviderTranslators.forFormat("gemini");
        JsonNode operation = ProviderBatchCalls.json(calls.post(translator.batchGenerateContentUri(calls.target()),
                Json.write(body), "application/json"));
        return batchId(operation.path("name").asText());
    }

    @Override
    public Optional<String> find(ProviderBatchCalls calls, String gatewayBatchId) {
        JsonNode page = ProviderBatchCalls.json(calls.get(calls.uri("/v1beta/batches?pageSize=100")));
        for (JsonNode operation : page.path("operations")) {
            if (gatewayBatchId.equals(operation.path("metadata").path("displayName").asText(null))) {
                return Optional.of(batchId(operation.path("name").asText()));
            }
        }
        return Optional.empty();
    }

    @Override
    public ProviderBatch read(ProviderBatchCalls calls, String providerBatchId) {
        JsonNode operation = ProviderBatchCalls.json(calls.get(calls.uri("/v1beta/batches/" + providerBatchId)));
        String status = operation.path("metadata").path("state").asText();
        // BATCH_STATE_* in the REST reference, JOB_STATE_* in Google's SDKs
        String state = status.endsWith("_SUCCEEDED") ? Batch.COMPLETED
                : status.endsWith("_CANCELLED") ? Batch.CANCELLED
                : status.endsWith("_EXPIRED") ? Batch.EXPIRED
                : status.endsWith("_FAILED") ? Batch.FAILED
                : ProviderBatch.RUNNING;
        JsonNode error = operation.get("error");
        return new ProviderBatch(providerBatchId, state, status,
                error == null ? null : Json.writeString(error), List.of(), operation);
    }

    @Override
    public void cancel(ProviderBatchCalls calls, String providerBatchId) {
        calls.post(calls.uri("/v1beta/batches/" + providerBatchId + ":cancel"), new byte[0], "application/json");
    }

    @Override
    public List<LineResult> results(ProviderBatchCalls calls, ProviderBatch batch) {
        JsonNode operation = batch.reading() != null ? batch.reading()
                : ProviderBatchCalls.json(calls.get(calls.uri("/v1beta/batches/" + batch.id())));
        JsonNode inlined = operation.path("response").path("inlinedResponses").path("inlinedResponses");
        if (!inlined.isArray()) {
            inlined = operation.path("metadata").path("output").path("inlinedResponses").path("inlinedResponses");
        }
        List<LineResult> results = new ArrayList<>();
        for (JsonNode response : inlined) {
            String customId = response.path("metadata").path("key").asText(null);
            if (response.has("error")) {
                JsonNode status = response.get("error");
                int http = HTTP_STATUS.getOrDefault(status.path("code").asInt(), 500);
                ObjectNode body = Json.object();
                body.putObject("error").put("code", http).put("message", status.path("message").asText())
                        .put("status", status.path("status").asText(""));
                results.add(new LineResult(customId, http, Json.write(body), null));
            } else {
                results.add(new LineResult(customId, 200, Json.write(response.path("response")), null));
            }
        }
        return results;
    }

    /** "batches/abc" to "abc". */
    private static String batchId(String name) {
        return name.startsWith("batches/") ? name.substring("batches/".length()) : name;
    }
}
