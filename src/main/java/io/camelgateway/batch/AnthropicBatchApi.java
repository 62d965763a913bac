package io.camelgateway.batch;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.api.Json;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.anthropic.AnthropicTranslator;

/**
 * Anthropic's Message Batches: the lines, as Messages params, in one POST /v1/messages/batches; the batch read at
 * /v1/messages/batches/{id} (processing_status in_progress, canceling, ended) and its results, once ended, read as
 * JSONL from its results_url: each line's result succeeded (a Message), errored (an error body), canceled or expired.
 */
final class AnthropicBatchApi implements ProviderBatchApi {
    /** The HTTP status of each of Anthropic's error types, for an errored line as if it had been called alone. */
    private static final Map<String, Integer> ERROR_STATUS = Map.of("invalid_request_error", 400,
            "authentication_error", 401, "permission_error", 403, "not_found_error", 404, "request_too_large", 413,
            "rate_limit_error", 429, "api_error", 500, "overloaded_error", 529);

    @Override
    public Map<String, String> headers(ProviderConfig provider) {
        return Map.of("anthropic-version", AnthropicTranslator.apiVersion(provider));
    }

    @Override
    public boolean canFind() {
        return false;
    }

    @Override
    public String submit(ProviderBatchCalls calls, String gatewayBatchId, List<ForwardLine> lines) {
        ObjectNode body = Json.object();
        ArrayNode requests = body.putArray("requests");
        for (ForwardLine line : lines) {
            requests.addObject().put("custom_id", line.customId()).set("params", ProviderBatchCalls.json(line.body()));
        }
        return ProviderBatchCalls.json(calls.post(batches(calls, ""), Json.write(body), "application/json")).path("id").asText();
    }

    @Override
    public Optional<String> find(ProviderBatchCalls calls, String gatewayBatchId) {
        throw new UnsupportedOperationException("Anthropic's batches carry no id of the gateway's");
    }

    @Override
    public ProviderBatch read(ProviderBatchCalls calls, String providerBatchId) {
        JsonNode batch = ProviderBatchCalls.json(calls.get(batches(calls, "/" + providerBatchId)));
        String status = batch.path("processing_status").asText();
        String state = !status.equals("ended") ? ProviderBatch.RUNNING
                : batch.hasNonNull("cancel_initiated_at") ? Batch.CANCELLED
                : batch.path("request_counts").path("expired").asInt() > 0 ? Batch.EXPIRED
                : Batch.COMPLETED;
        String resultsUrl = batch.path("results_url").asText(null);
        // The credential goes only to the provider's own base URL; elsewhere the results are read from where
        // Anthropic's API reference puts them.
        String results = calls.isProviders(resultsUrl) ? resultsUrl
                : batches(calls, "/" + providerBatchId + "/results").toString();
        return new ProviderBatch(providerBatchId, state, status, null, List.of(results), null);
    }

    @Override
    public void cancel(ProviderBatchCalls calls, String providerBatchId) {
        calls.post(batches(calls, "/" + providerBatchId + "/cancel"), new byte[0], "application/json");
    }

    @Override
    public List<LineResult> results(ProviderBatchCalls calls, ProviderBatch batch) {
        return ProviderBatchCalls.jsonLines(calls.get(URI.create(batch.resultFiles().get(0)))).stream()
                .map(AnthropicBatchApi::result).toList();
    }

    /** {"custom_id","result":{"type":"succeeded","message"} | {"type":"errored","error"} | canceled | expired}. */
    private static LineResult result(JsonNode line) {
        String customId = line.path("custom_id").asText();
        JsonNode result = line.path("result");
        return switch (result.path("type").asText()) {
            case "succeeded" -> new LineResult(customId, 200, Json.write(result.path("message")), null);
            case "errored" -> {
                JsonNode error = result.path("error");
                String type = error.path("error").path("type").asText(error.path("type").asText());
                yield new LineResult(customId, ERROR_STATUS.getOrDefault(type, 500), Json.write(error), null);
            }
            case "canceled" -> new LineResult(customId, 0, null, "batch_cancelled");
            case "expired" -> new LineResult(customId, 0, null, "batch_expired");
            default -> new LineResult(customId, 0, null, "batch_failed");
        };
    }

    private static URI batches(ProviderBatchCalls calls, String rest) {
        return calls.uri("/v1/messages/batches" + rest);
    }
}
