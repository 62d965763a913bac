package io.camelgateway.batch;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.Json;

/** OpenAI's batch object. */
@JsonPropertyOrder({"id", "object", "endpoint", "errors", "input_file_id", "completion_window", "status",
    "output_file_id", "error_file_id", "created_at", "in_progress_at", "expires_at", "finalizing_at", "completed_at",
    "failed_at", "expired_at", "cancelling_at", "cancelled_at", "request_counts", "metadata"})
public record BatchView(String id, String object, String endpoint, JsonNode errors,
                        @JsonProperty("input_file_id") String inputFileId,
                        @JsonProperty("completion_window") String completionWindow, String status,
                        @JsonProperty("output_file_id") String outputFileId,
                        @JsonProperty("error_file_id") String errorFileId,
                        @JsonProperty("created_at") Long createdAt,
                        @JsonProperty("in_progress_at") Long inProgressAt,
                        @JsonProperty("expires_at") Long expiresAt,
                        @JsonProperty("finalizing_at") Long finalizingAt,
                        @JsonProperty("completed_at") Long completedAt,
                        @JsonProperty("failed_at") Long failedAt,
                        @JsonProperty("expired_at") Long expiredAt,
                        @JsonProperty("cancelling_at") Long cancellingAt,
                        @JsonProperty("cancelled_at") Long cancelledAt,
                        @JsonProperty("request_counts") Batch.Counts requestCounts,
                        Map<String, String> metadata) {

    static BatchView of(Batch b, Batch.Counts counts) {
        Batch.Times t = b.times();
        return new BatchView(b.id(), "batch", b.endpoint(), errors(b.errors()), b.inputFileId(),
                b.completionWindow(), b.status(), b.outputFileId(), b.errorFileId(), seconds(t.createdAt()),
                seconds(t.inProgressAt()), seconds(t.expiresAt()), seconds(t.finalizingAt()),
                seconds(t.completedAt()), seconds(t.failedAt()), seconds(t.expiredAt()), seconds(t.cancellingAt()),
                seconds(t.cancelledAt()), counts, b.metadata());
    }

    private static Long seconds(Instant time) {
        return time == null ? null : time.getEpochSecond();
    }

    private static JsonNode errors(String json) {
        try {
            return json == null ? null : Json.tree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
