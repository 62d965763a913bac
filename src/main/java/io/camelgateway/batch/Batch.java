package io.camelgateway.batch;

import java.time.Instant;
import java.util.Map;

import io.camelgateway.security.CallerIdentity;

/**
 * A batch as the store keeps it: OpenAI's batch object's fields, and the caller whose identity each of its lines
 * runs with.
 *
 * @param errors the JSON of the batch object's errors (why it failed), or null
 */
public record Batch(String id, String owner, CallerIdentity caller, String endpoint, String inputFileId,
                    String completionWindow, Map<String, String> metadata, String status, int total,
                    String outputFileId, String errorFileId, Times times, String errors) {

    public static final String VALIDATING = "validating";
    public static final String IN_PROGRESS = "in_progress";
    public static final String FINALIZING = "finalizing";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String CANCELLING = "cancelling";
    public static final String CANCELLED = "cancelled";
    public static final String EXPIRED = "expired";

    /** When the batch reached each state; null for those it has not. */
    public record Times(Instant createdAt, Instant inProgressAt, Instant finalizingAt, Instant completedAt,
                        Instant failedAt, Instant expiresAt, Instant expiredAt, Instant cancellingAt,
                        Instant cancelledAt) {
    }

    /** What the runner has answered so far: completed lines had a 2xx, failed ones anything else. */
    public record Counts(int total, int completed, int failed) {
    }
}
