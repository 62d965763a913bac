package io.camelgateway.responses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.Json;
import io.camelgateway.api.Usage;

/**
 * OpenAI's Response object, the answer of POST /v1/responses: the output items, the usage, and the request's
 * settings echoed back. Nullable fields are written as null, as OpenAI writes them, since SDKs expect each one.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public class ResponseObject {
    public String id;
    public final String object = "response";
    @JsonProperty("created_at")
    public long createdAt;
    public String status;
    public Error error;
    @JsonProperty("incomplete_details")
    public IncompleteDetails incompleteDetails;
    public String instructions;
    @JsonProperty("max_output_tokens")
    public Integer maxOutputTokens;
    public String model;
    public List<OutputItem> output = new ArrayList<>();
    @JsonProperty("parallel_tool_calls")
    public boolean parallelToolCalls = true;
    @JsonProperty("previous_response_id")
    public String previousResponseId;
    public JsonNode reasoning;
    /** Whether the gateway keeps this response: as asked (true unless store: false), and when it fits the limits. */
    public boolean store;
    public Double temperature;
    public JsonNode text;
    @JsonProperty("tool_choice")
    public JsonNode toolChoice;
    public List<ResponsesRequest.ResponsesTool> tools;
    @JsonProperty("top_p")
    public Double topP;
    public String truncation = "disabled";
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public ResponseUsage usage;
    public String user;
    public Map<String, String> metadata;

    /** A response to this request, not yet answered: its settings echoed, no output, status in_progress. */
    static ResponseObject answering(ResponsesRequest r, String model) {
        ResponseObject o = new ResponseObject();
        o.id = "resp_" + UUID.randomUUID().toString().replace("-", "");
        o.createdAt = System.currentTimeMillis() / 1000;
        o.status = "in_progress";
        o.instructions = r.instructions;
        o.maxOutputTokens = r.maxOutputTokens;
        o.model = model;
        o.parallelToolCalls = r.parallelToolCalls == null || r.parallelToolCalls;
        o.previousResponseId = r.previousResponseId;
        o.store = r.keep();
        o.reasoning = Json.MAPPER.valueToTree(r.reasoning != null ? r.reasoning : new ResponsesRequest.Reasoning());
        o.temperature = r.temperature != null ? r.temperature : 1.0;
        o.text = r.text != null && r.text.format != null ? Json.MAPPER.valueToTree(r.text)
                : Json.object().set("format", Json.object().put("type", "text"));
        o.toolChoice = r.toolChoice != null ? r.toolChoice : Json.MAPPER.getNodeFactory().textNode("auto");
        o.tools = r.tools != null ? r.tools : List.of();
        o.topP = r.topP != null ? r.topP : 1.0;
        o.truncation = r.truncation != null ? r.truncation : "disabled";
        o.user = r.user;
        o.metadata = r.metadata != null ? r.metadata : Map.of();
        return o;
    }

    /** Sets status and incomplete_details from chat's finish reason (length and content_filter end it early). */
    void finished(String finishReason) {
        if ("length".equals(finishReason)) {
            status = "incomplete";
            incompleteDetails = new IncompleteDetails("max_output_tokens");
        } else if ("content_filter".equals(finishReason)) {
            status = "incomplete";
            incompleteDetails = new IncompleteDetails("content_filter");
        } else {
            status = "completed";
        }
    }

    static String itemId(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    public record Error(String code, String message) {
    }

    public record IncompleteDetails(String reason) {
    }

    /** One output item: a message, a function_call or a reasoning item. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class OutputItem {
        public String type;
        public String id;
        public String status;
        public String role;
        public List<OutputContent> content;
        @JsonProperty("call_id")
        public String callId;
        public String name;
        public String arguments;
        public List<OutputContent> summary;
        @JsonProperty("encrypted_content")
        public String encryptedContent;

        static OutputItem message(String id, String status) {
            OutputItem item = new OutputItem();
            item.type = "message";
            item.id = id;
            item.status = status;
            item.role = "assistant";
            item.content = new ArrayList<>();
            return item;
        }

        static OutputItem functionCall(String id, String status, String callId, String name, String arguments) {
            OutputItem item = new OutputItem();
            item.type = "function_call";
            item.id = id;
            item.status = status;
            item.callId = callId;
            item.name = name;
            item.arguments = arguments;
            return item;
        }

        static OutputItem reasoning(String id) {
            OutputItem item = new OutputItem();
            item.type = "reasoning";
            item.id = id;
            item.summary = new ArrayList<>();
            return item;
        }
    }

    /** A message's content part (output_text or refusal), or a reasoning item's summary_text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class OutputContent {
        public String type;
        public String text;
        public String refusal;
        public List<Object> annotations;
        public List<Object> logprobs;

        static OutputContent outputText(String text) {
            OutputContent c = new OutputContent();
            c.type = "output_text";
            c.text = text;
            c.annotations = List.of();
            c.logprobs = List.of();
            return c;
        }

        static OutputContent refusal(String refusal) {
            OutputContent c = new OutputContent();
            c.type = "refusal";
            c.refusal = refusal;
            return c;
        }

        static OutputContent summaryText(String text) {
            OutputContent c = new OutputContent();
            c.type = "summary_text";
            c.text = text;
            return c;
        }
    }

    /** usage: chat's prompt and completion tokens under the Responses API's names, with their details. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public static class ResponseUsage {
        @JsonProperty("input_tokens")
        public int inputTokens;
        @JsonProperty("input_tokens_details")
        public Map<String, Integer> inputTokensDetails;
        @JsonProperty("output_tokens")
        public int outputTokens;
        @JsonProperty("output_tokens_details")
        public Map<String, Integer> outputTokensDetails;
        @JsonProperty("total_tokens")
        public int totalTokens;

        static ResponseUsage of(Usage usage) {
            ResponseUsage u = new ResponseUsage();
            u.inputTokens = usage.promptTokens;
            u.outputTokens = usage.completionTokens;
            u.totalTokens = usage.totalTokens != 0 ? usage.totalTokens : usage.promptTokens + usage.completionTokens;
            u.inputTokensDetails = Map.of("cached_tokens", usage.cachedTokens(),
                    "cache_write_tokens", usage.cacheCreationTokens());
            u.outputTokensDetails = Map.of("reasoning_tokens", usage.reasoningTokens());
            return u;
        }
    }
}
