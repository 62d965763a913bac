package io.camelgateway.batch;

import java.time.Instant;

/**
 * A file of the /v1/files API as the store keeps it (without its content).
 *
 * @param owner   who may read it: {@link Owner#of}
 * @param purpose batch for an upload, batch_output for a batch's output or error file
 * @param batchId for an output or error file, the batch whose lines it holds; else null
 * @param errors  for a batch's file, whether it holds the failed lines (the error file) or the others
 */
public record BatchFile(String id, String owner, String purpose, String filename, long bytes, Instant createdAt,
                        String batchId, boolean errors) {
    public static final String PURPOSE_BATCH = "batch";
    public static final String PURPOSE_OUTPUT = "batch_output";
}
