package io.camelgateway.batch;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;
import io.camelgateway.admin.AdminKeys;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.http.ClientText;
import io.camelgateway.http.JsonBodyReader;
import io.camelgateway.security.CallerIdentity;

/**
 * The /v1/batches API (routes/batches.camel.yaml): create a batch from an uploaded file, read, list and cancel the
 * caller's batches; {@link BatchRunner} runs them. Like files, a batch is seen only by its owner ({@link Owner}).
 */
public class BatchesEndpoint {
    /** Exchange property: the batch id the URL names, or none for the collection. */
    public static final String BATCH_ID = "CamelGatewayBatchId";
    /** Exchange property: true for /v1/batches/{id}/cancel. */
    public static final String CANCEL = "CamelGatewayBatchCancel";
    private static final String COLLECTION = "/v1/batches";
    private static final String WINDOW = "24h";
    private static final int MOST_METADATA = 16;

    private final BatchRepository batches;
    private final FileRepository files;
    private final int maxLines;
    private final BatchForwarder forwarder;

    public BatchesEndpoint(BatchRepository batches, FileRepository files, int maxLines, BatchForwarder forwarder) {
        this.batches = batches;
        this.files = files;
        this.maxLines = maxLines;
        this.forwarder = forwarder;
    }

    /** Reads which batch the URL names, and whether it cancels it; any other URL under /v1/batches is a 404. */
    public void address(Exchange exchange) {
        StoreCalls.address(exchange, COLLECTION, Ids.BATCH, BATCH_ID, "cancel", CANCEL);
    }

    public BatchView create(Exchange exchange) {
        CallerIdentity caller = exchange.getProperty(GatewayConstants.CALLER, CallerIdentity.class);
        String owner = Owner.of(caller);
        NewBatchRequest request = JsonBodyReader.read(exchange, NewBatchRequest.class);
        if (request.inputFileId == null || request.inputFileId.isBlank()) {
            throw GatewayException.invalidRequest("input_file_id", "Missing required parameter: 'input_file_id'.");
        }
        if (request.endpoint == null || !BatchInput.URLS.contains(request.endpoint)) {
            throw GatewayException.invalidRequest("endpoint", "'endpoint' must be /v1/chat/completions or "
                    + "/v1/embeddings.");
        }
        if (!WINDOW.equals(request.completionWindow)) {
            throw GatewayException.invalidRequest("completion_window", "'completion_window' must be '24h'.");
        }
        checkMetadata(request.metadata);
        String fileId = request.inputFileId;
        BatchFile file = StoreCalls.run(() -> files.find(owner, fileId))
                .orElseThrow(() -> FilesEndpoint.notFound(ClientText.printable(fileId, 64)));
        if (!BatchFile.PURPOSE_BATCH.equals(file.purpose())) {
            throw GatewayException.invalidRequest("input_file_id", "File " + fileId + " is a batch's output, not "
                    + "a batch input file.");
        }
        byte[] content = StoreCalls.run(() -> files.content(owner, fileId)).orElseThrow(() -> FilesEndpoint.notFound(fileId));
        List<InputLine> lines = BatchInput.read(content, maxLines);
        ArrayNode wrongUrl = Json.MAPPER.createArrayNode();
        for (InputLine line : lines) {
            if (!line.url().equals(request.endpoint) && wrongUrl.size() < 100) {
                wrongUrl.addObject().put("code", "mismatched_url").put("message", "The line's url is "
                        + line.url() + ", but the batch's endpoint is " + request.endpoint + ".")
                        .putNull("param").put("line", line.lineNo());
            }
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        boolean failed = !wrongUrl.isEmpty();
        String errors = null;
        if (failed) {
            ObjectNode list = Json.object().put("object", "list");
            list.set("data", wrongUrl);
            errors = Json.writeString(list);
        }
        Batch batch = new Batch(Ids.batch(), owner, caller, request.endpoint, fileId, WINDOW, request.metadata,
                failed ? Batch.FAILED : Batch.VALIDATING, lines.size(), null, null,
                new Batch.Times(now, null, null, null, failed ? now : null, now.plus(Duration.ofHours(24)), null,
                        null, null), errors);
        String forwardedTo = failed ? null : forwarder.destination(caller, request.endpoint, lines).orElse(null);
        StoreCalls.run(() -> {
            batches.insert(batch, failed ? List.of() : lines, forwardedTo);
            return null;
        });
        return BatchView.of(batch, new Batch.Counts(lines.size(), 0, 0));
    }

    public BatchView get(Exchange exchange) {
        String owner = Owner.of(exchange);
        String id = exchange.getProperty(BATCH_ID, String.class);
        return view(StoreCalls.run(() -> batches.find(owner, id)).orElseThrow(() -> notFound(id)));
    }

    public ListPage<BatchView> list(Exchange exchange) {
        String owner = Owner.of(exchange);
        String after = AdminKeys.query(exchange, "after");
        int limit = ListPage.limit(exchange, 20, 100);
        return ListPage.of(StoreCalls.run(() -> batches.list(owner, after, limit + 1)), limit, Batch::id,
                this::view);
    }

    public BatchView cancel(Exchange exchange) {
        String owner = Owner.of(exchange);
        String id = exchange.getProperty(BATCH_ID, String.class);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Batch batch = StoreCalls.run(() -> batches.requestCancel(owner, id, now)).orElseThrow(() -> notFound(id));
        if (!batch.status().equals(Batch.CANCELLING) && !batch.status().equals(Batch.CANCELLED)) {
            throw new GatewayException(409, "invalid_request_error", "batch_not_cancellable", null,
                    "Cannot cancel a batch with status '" + batch.status() + "'.", null, null);
        }
        return view(batch);
    }

    public void notAllowed(Exchange exchange) {
        String id = exchange.getProperty(BATCH_ID, String.class);
        boolean cancel = exchange.getProperty(CANCEL, false, Boolean.class);
        throw StoreCalls.notAllowed(exchange, id == null ? "GET, POST" : cancel ? "POST" : "GET");
    }

    private BatchView view(Batch batch) {
        return BatchView.of(batch, StoreCalls.run(() -> batches.counts(batch)));
    }

    private static void checkMetadata(Map<String, String> metadata) {
        if (metadata == null) {
            return;
        }
        if (metadata.size() > MOST_METADATA) {
            throw GatewayException.invalidRequest("metadata", "'metadata' holds at most " + MOST_METADATA
                    + " pairs.");
        }
        metadata.forEach((key, value) -> {
            if (key.length() > 64 || value == null || value.length() > 512) {
                throw GatewayException.invalidRequest("metadata", "Each metadata key is at most 64 characters, "
                        + "each value a string of at most 512.");
            }
        });
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(404, "invalid_request_error", "batch_not_found", "batch_id",
                "No such Batch object: " + id, null, null);
    }
}
