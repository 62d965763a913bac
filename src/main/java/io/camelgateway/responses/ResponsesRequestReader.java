package io.camelgateway.responses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.Tool;
import io.camelgateway.http.JsonBodyReader;
import io.camelgateway.routing.ModelNames;

/**
 * Route step of POST /v1/responses: reads the Responses body and turns it into the canonical {@link ChatRequest},
 * which the chat flow serves like any other; the Responses request itself stays on the exchange
 * ({@link GatewayConstants#RESPONSES_REQUEST}) for the answer, which echoes its settings.
 */
public class ResponsesRequestReader implements Processor {
    private static final Set<String> EFFORTS = Set.of("none", "minimal", "low", "medium", "high", "xhigh");
    private static final Set<String> SUMMARIES = Set.of("auto", "concise", "detailed");
    /** What OpenAI takes as an id; an id is echoed in messages and looked up, so nothing else gets that far. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Responses fields the gateway knows of and cannot honour, with why. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "conversation", "the gateway keeps no conversation objects; continue a stored response with "
                    + "'previous_response_id', or send the whole conversation as 'input'",
            "prompt", "the gateway has no stored prompt templates",
            "top_logprobs", "log probabilities are not carried through the gateway",
            "max_tool_calls", "the gateway runs no built-in tools");

    @Override
    public void process(Exchange exchange) {
        ResponsesRequest request = JsonBodyReader.readStrict(exchange, ResponsesRequest.class);
        ChatRequest chat = toChat(request);
        exchange.setProperty(GatewayConstants.RESPONSES_REQUEST, request);
        if (request.previousResponseId != null) {
            exchange.setProperty(GatewayConstants.PREVIOUS_RESPONSE_ID, request.previousResponseId);
        }
        exchange.getMessage().setBody(chat);
        // Where the request goes, until a route step (semantic routing, a pool) says otherwise.
        exchange.setProperty(GatewayConstants.ROUTED_MODEL, chat.model);
    }

    static ChatRequest toChat(ResponsesRequest r) {
        refuseWhatCannotBeCarried(r);
        if (r.model == null || r.model.isBlank()) {
            throw GatewayException.invalidRequest("model", "Missing required parameter: 'model'.");
        }
        ModelNames.requireValid(r.model);
        ChatRequest chat = new ChatRequest();
        chat.model = r.model;
        chat.messages = messages(r, r.input);
        if (r.streaming()) {
            chat.stream = true;
            // response.completed carries the usage, so the stream must bring it whatever the caller asked.
            chat.streamOptions = new ChatRequest.StreamOptions(true);
        }
        chat.temperature = range(r.temperature, 2, "temperature");
        chat.topP = range(r.topP, 1, "top_p");
        if (r.maxOutputTokens != null && r.maxOutputTokens < 1) {
            throw GatewayException.invalidRequest("max_output_tokens", "'max_output_tokens' must be at least 1, got "
                    + r.maxOutputTokens + ".");
        }
        chat.maxCompletionTokens = r.maxOutputTokens;
        chat.tools = tools(r.tools);
        chat.toolChoice = toolChoice(r.toolChoice);
        chat.parallelToolCalls = r.parallelToolCalls;
        chat.responseFormat = responseFormat(r.text);
        chat.user = r.user != null ? r.user : r.safetyIdentifier;
        reasoning(r.reasoning, chat);
        return chat;
    }

    /** The conversation for the provider: the request's instructions, then these input items. */
    static List<ChatMessage> messages(ResponsesRequest r, JsonNode input) {
        List<ChatMessage> messages = new ArrayList<>();
        if (r.instructions != null) {
            messages.add(new ChatMessage("system", r.instructions));
        }
        messages.addAll(ResponsesInput.read(input));
        return messages;
    }

    private static void refuseWhatCannotBeCarried(ResponsesRequest r) {
        if (!r.unknown.isEmpty()) {
            String field = r.unknown.keySet().iterator().next();
            String why = UNSUPPORTED.get(field);
            throw GatewayException.invalidRequest(field, why == null ? "Unknown parameter: '" + field + "'."
                    : "'" + field + "' is not supported by this gateway: " + why + ".");
        }
        if (r.previousResponseId != null && !ID.matcher(r.previousResponseId).matches()) {
            throw GatewayException.invalidRequest("previous_response_id", "Invalid 'previous_response_id': expected "
                    + "an ID that contains letters, numbers, underscores, or dashes (at most 64).");
        }
        if (Boolean.TRUE.equals(r.background)) {
            throw GatewayException.invalidRequest("background", "'background' is not supported by this gateway: "
                    + "it answers while the connection is open.");
        }
    }

    private static Double range(Double value, double max, String param) {
        if (value != null && (value < 0 || value > max)) {
            throw GatewayException.invalidRequest(param, "'" + param + "' must be between 0 and " + (long) max
                    + ", got " + value + ".");
        }
        return value;
    }

    private static List<Tool> tools(List<ResponsesRequest.ResponsesTool> tools) {
        if (tools == null) {
            return null;
        }
        List<Tool> chat = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            ResponsesRequest.ResponsesTool t = tools.get(i);
            String where = "tools[" + i + "]";
            if (t == null || t.type == null) {
                throw GatewayException.invalidRequest(where + ".type", "Missing required parameter: '" + where
                        + ".type'.");
            }
            if (!t.type.equals("function")) {
                throw GatewayException.invalidRequest(where + ".type", "The tool type '" + t.type + "' is one of "
                        + "OpenAI's built-in tools, which this gateway cannot run: only 'function' tools are "
                        + "supported.");
            }
            if (t.name == null || t.name.isBlank()) {
                throw GatewayException.invalidRequest(where + ".name", "Missing required parameter: '" + where
                        + ".name'.");
            }
            Tool tool = new Tool();
            tool.type = "function";
            tool.function = new Tool.Function();
            tool.function.name = t.name;
            tool.function.description = t.description;
            tool.function.parameters = t.parameters;
            tool.function.strict = t.strict;
            chat.add(tool);
        }
        return chat;
    }

    /** "none", "auto", "required", or {"type":"function","name":...}: chat's, with the name one level down. */
    private static JsonNode toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual() && Set.of("none", "auto", "required").contains(choice.textValue())) {
            return choice;
        }
        if (choice.isObject() && "function".equals(choice.path("type").textValue())
                && choice.path("name").isTextual()) {
            ObjectNode chat = Json.object().put("type", "function");
            chat.putObject("function").put("name", choice.path("name").textValue());
            return chat;
        }
        throw GatewayException.invalidRequest("tool_choice", "Invalid value for 'tool_choice': the gateway takes "
                + "'none', 'auto', 'required' or {\"type\": \"function\", \"name\": ...}; built-in tools and "
                + "allowed_tools are not supported.");
    }

    /** text.format: "text" is chat's default; json_object stays; json_schema moves its fields under json_schema. */
    private static JsonNode responseFormat(ResponsesRequest.TextConfig text) {
        if (text == null || text.format == null || text.format.isNull()) {
            return null;
        }
        JsonNode format = text.format;
        String type = format.path("type").textValue();
        if ("text".equals(type)) {
            return null;
        }
        if ("json_object".equals(type)) {
            return Json.object().put("type", "json_object");
        }
        if ("json_schema".equals(type)) {
            if (!format.path("name").isTextual() || !format.path("schema").isObject()) {
                throw GatewayException.invalidRequest("text.format", "A json_schema format needs a 'name' and "
                        + "a 'schema' object.");
            }
            ObjectNode chat = Json.object().put("type", "json_schema");
            ObjectNode schema = chat.putObject("json_schema");
            schema.set("name", format.get("name"));
            schema.set("schema", format.get("schema"));
            if (format.has("description")) {
                schema.set("description", format.get("description"));
            }
            if (format.has("strict")) {
                schema.set("strict", format.get("strict"));
            }
            return chat;
        }
        throw GatewayException.invalidRequest("text.format.type", "Invalid value for 'text.format.type': '" + type
                + "'. Supported values are: 'text', 'json_object' and 'json_schema'.");
    }

    private static void reasoning(ResponsesRequest.Reasoning reasoning, ChatRequest chat) {
        if (reasoning == null) {
            return;
        }
        if (reasoning.effort != null) {
            if (!EFFORTS.contains(reasoning.effort)) {
                throw GatewayException.invalidRequest("reasoning.effort", "Invalid value for 'reasoning.effort': '"
                        + reasoning.effort + "'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high' "
                        + "and 'xhigh'.");
            }
            chat.reasoningEffort = reasoning.effort;
        }
        String summary = reasoning.summary != null ? reasoning.summary : reasoning.generateSummary;
        if (summary != null && !SUMMARIES.contains(summary)) {
            throw GatewayException.invalidRequest("reasoning.summary", "Invalid value for 'reasoning.summary': '"
                    + summary + "'. Supported values are: 'auto', 'concise' and 'detailed'.");
        }
    }
}
