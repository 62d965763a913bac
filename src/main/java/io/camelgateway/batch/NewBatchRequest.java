package io.camelgateway.batch;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of POST /v1/batches. */
public class NewBatchRequest {
    @JsonProperty("input_file_id")
    public String inputFileId;
    public String endpoint;
    @JsonProperty("completion_window")
    public String completionWindow;
    public Map<String, String> metadata;
}
