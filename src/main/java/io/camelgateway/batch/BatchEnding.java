package io.camelgateway.batch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.api.Json;

/**
 * Ends a batch, whoever ran it (the gateway or a provider's batch API): the lines never run are answered with why,
 * the output and error files written, and the batch's last state, together.
 */
final class BatchEnding {
    private static final Logger LOG = LoggerFactory.getLogger(BatchEnding.class);

    private BatchEnding() {
    }

    /**
     * @param status      the last state: completed, failed, cancelled or expired
     * @param code        the error code of the lines never run (batch_cancelled...), or null when none can be left
     */
    static void end(BatchRepository batches, Batch batch, String status, String code, String message) {
        if (code != null) {
            batches.answerPending(batch.id(), "req_" + batch.id().substring("batch_".length()) + "_",
                    Json.writeString(Json.object().put("code", code).put("message", message)));
        }
        BatchOutput files = BatchOutput.of(batches.answers(batch.id()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        BatchFile output = file(batch, files.output(), false, now);
        BatchFile errors = file(batch, files.errors(), true, now);
        batches.finish(batch, status, now, output, files.output(), errors, files.errors());
        LOG.info("Batch {} {}", batch.id(), status);
    }

    private static BatchFile file(Batch batch, byte[] content, boolean errors, Instant now) {
        return content == null ? null : new BatchFile(Ids.file(), batch.owner(), BatchFile.PURPOSE_OUTPUT,
                batch.id() + (errors ? "_error.jsonl" : "_output.jsonl"), content.length, now, batch.id(), errors);
    }
}
