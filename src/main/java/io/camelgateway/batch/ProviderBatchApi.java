package io.camelgateway.batch;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.config.ProviderConfig;

/**
 * One provider's own batch API, as the gateway forwards a batch to it: submit the translated lines, read the
 * provider's batch, cancel it, read its results. Each call blocks, bounded by the provider's requestTimeout.
 */
interface ProviderBatchApi {

    /** What every call of this API carries besides the credential. */
    default Map<String, String> headers(ProviderConfig provider) {
        return Map.of();
    }

    /**
     * Whether {@link #find} can tell if the provider has a batch made for a gateway batch (OpenAI's metadata can;
     * Anthropic's batches carry nothing of the gateway's).
     */
    default boolean canFind() {
        return true;
    }

    /** @return the provider's batch id */
    String submit(ProviderBatchCalls calls, String gatewayBatchId, List<ForwardLine> lines);

    /**
     * The provider's batch made for this gateway batch, if the provider has one: for a submission whose outcome is
     * not known (the gateway stopped while sending it).
     */
    Optional<String> find(ProviderBatchCalls calls, String gatewayBatchId);

    ProviderBatch read(ProviderBatchCalls calls, String providerBatchId);

    void cancel(ProviderBatchCalls calls, String providerBatchId);

    /** The answered lines of a batch that has ended; the others (not run) are left out or say why. */
    List<LineResult> results(ProviderBatchCalls calls, ProviderBatch batch);

    /**
     * A line as it goes to the provider.
     *
     * @param customId the id the provider hands back with its answer ("line-" and the line's number in the file)
     * @param body     the provider's own request body for the line, its model the provider's name for it
     */
    record ForwardLine(String customId, byte[] body) {
    }

    /**
     * The provider's batch as last read.
     *
     * @param state       {@link #RUNNING} or the gateway's end state it reached: completed, expired, cancelled, failed
     * @param status      the provider's own status word
     * @param errors      why it failed (OpenAI's errors object as JSON), or null
     * @param resultFiles where its answers are (file ids, a results URL), as the API needs them
     * @param reading     the reading itself when it holds the answers (Gemini's inlined responses), so that they are
     *                    not downloaded twice; else null
     */
    record ProviderBatch(String id, String state, String status, String errors, List<String> resultFiles,
                         JsonNode reading) {
        static final String RUNNING = "running";

        boolean ended() {
            return !RUNNING.equals(state);
        }
    }

    /**
     * One line's result: the provider's HTTP status and body in its own format, or for a line it did not run, status
     * 0 and why (batch_expired, batch_cancelled).
     */
    record LineResult(String customId, int status, byte[] body, String notRunCode) {
    }
}
