package io.camelgateway.batch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.camel.Exchange;

import io.camelgateway.admin.AdminKeys;
import io.camelgateway.api.GatewayException;
import io.camelgateway.http.ClientText;

/**
 * The /v1/files API (routes/batches.camel.yaml): upload a batch input file (checked line by line), list, read,
 * download and delete the caller's files. A caller sees only their team's files (or their own, without a team):
 * another owner's file id is a 404, as an unknown one.
 */
public class FilesEndpoint {
    /** Exchange property: the file id the URL names, or none for the collection. */
    public static final String FILE_ID = "CamelGatewayFileId";
    /** Exchange property: true when the URL asks for the file's content (/v1/files/{id}/content). */
    public static final String CONTENT = "CamelGatewayFileContent";
    private static final String COLLECTION = "/v1/files";

    private final FileRepository files;
    private final long maxFileBytes;
    private final int maxLines;

    public FilesEndpoint(FileRepository files, long maxFileBytes, int maxLines) {
        this.files = files;
        this.maxFileBytes = maxFileBytes;
        this.maxLines = maxLines;
    }

    /** Reads which file, and which part of it, the URL names; any other URL under /v1/files is a 404. */
    public void address(Exchange exchange) {
        StoreCalls.address(exchange, COLLECTION, Ids.FILE, FILE_ID, "content", CONTENT);
    }

    public FileView upload(Exchange exchange) {
        String owner = Owner.of(exchange);
        MultipartUpload upload = MultipartUpload.read(exchange, maxFileBytes);
        if (!BatchFile.PURPOSE_BATCH.equals(upload.purpose())) {
            throw GatewayException.invalidRequest("purpose", "The gateway takes files for batches only: purpose "
                    + "must be 'batch', not '" + ClientText.printable(upload.purpose(), 40) + "'.");
        }
        BatchInput.read(upload.content(), maxLines);
        BatchFile file = new BatchFile(Ids.file(), owner, BatchFile.PURPOSE_BATCH,
                upload.filename() == null || upload.filename().isBlank() ? "batch.jsonl"
                        : ClientText.printable(upload.filename(), 200),
                upload.content().length, Instant.now().truncatedTo(ChronoUnit.SECONDS), null, false);
        StoreCalls.run(() -> {
            files.insert(file, upload.content());
            return null;
        });
        return FileView.of(file);
    }

    public ListPage<FileView> list(Exchange exchange) {
        String owner = Owner.of(exchange);
        String purpose = AdminKeys.query(exchange, "purpose");
        String after = AdminKeys.query(exchange, "after");
        int limit = ListPage.limit(exchange, 100, 10_000);
        return ListPage.of(StoreCalls.run(() -> files.list(owner, purpose, after, limit + 1)), limit,
                BatchFile::id, FileView::of);
    }

    public FileView get(Exchange exchange) {
        String owner = Owner.of(exchange);
        String id = exchange.getProperty(FILE_ID, String.class);
        return FileView.of(StoreCalls.run(() -> files.find(owner, id)).orElseThrow(() -> notFound(id)));
    }

    public byte[] content(Exchange exchange) {
        String owner = Owner.of(exchange);
        String id = exchange.getProperty(FILE_ID, String.class);
        byte[] content = StoreCalls.run(() -> files.content(owner, id)).orElseThrow(() -> notFound(id));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/octet-stream");
        return content;
    }

    public FileView.Deleted delete(Exchange exchange) {
        String owner = Owner.of(exchange);
        String id = exchange.getProperty(FILE_ID, String.class);
        if (!StoreCalls.run(() -> files.delete(owner, id))) {
            throw notFound(id);
        }
        return new FileView.Deleted(id, "file", true);
    }

    /** A method the URL does not take: 405, naming those it does. */
    public void notAllowed(Exchange exchange) {
        String id = exchange.getProperty(FILE_ID, String.class);
        boolean content = exchange.getProperty(CONTENT, false, Boolean.class);
        throw StoreCalls.notAllowed(exchange, id == null ? "GET, POST" : content ? "GET" : "DELETE, GET");
    }

    static GatewayException notFound(String id) {
        return new GatewayException(404, "invalid_request_error", "file_not_found", "file_id",
                "No such File object: " + id, null, null);
    }
}
