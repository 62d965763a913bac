package io.camelgateway.batch;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** OpenAI's file object. */
@JsonPropertyOrder({"id", "object", "bytes", "created_at", "filename", "purpose", "status"})
public record FileView(String id, String object, long bytes, @JsonProperty("created_at") long createdAt,
                       String filename, String purpose, String status) {

    static FileView of(BatchFile file) {
        return new FileView(file.id(), "file", file.bytes(), file.createdAt().getEpochSecond(), file.filename(),
                file.purpose(), "processed");
    }

    /** The answer to DELETE /v1/files/{id}. */
    public record Deleted(String id, String object, boolean deleted) {
    }
}
