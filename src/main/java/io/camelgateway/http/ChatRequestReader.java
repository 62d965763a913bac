package io.camelgateway.http;

import java.util.List;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Tool;
import io.camelgateway.routing.ModelNames;

/** Route step: parses and validates a chat completions body into the canonical {@link ChatRequest}. */
public class ChatRequestReader implements Processor {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    @Override
    public void process(Exchange exchange) {
        ChatRequest request = JsonBodyReader.read(exchange, ChatRequest.class);
        validate(request);
        exchange.getMessage().setBody(request);
        // Where the request goes, until a route step (semantic routing, a pool) says otherwise.
        exchange.setProperty(GatewayConstants.ROUTED_MODEL, request.model);
    }

    static void validate(ChatRequest r) {
        if (r.model == null || r.model.isBlank()) {
            throw GatewayException.invalidRequest("model", "You must provide a model parameter.");
        }
        ModelNames.requireValid(r.model);
        if (r.messages == null || r.messages.isEmpty()) {
            throw GatewayException.invalidRequest("messages", "'messages' must be a non-empty array.");
        }
        for (int i = 0; i < r.messages.size(); i++) {
            validate(r.messages.get(i), "messages[" + i + "]");
        }
        range(r.temperature, 0, 2, "temperature");
        range(r.topP, 0, 1, "top_p");
        range(r.presencePenalty, -2, 2, "presence_penalty");
        range(r.frequencyPenalty, -2, 2, "frequency_penalty");
        atLeastOne(r.n, "n");
        atLeastOne(r.maxTokens, "max_tokens");
        atLeastOne(r.maxCompletionTokens, "max_completion_tokens");
        if (r.tools != null) {
            for (int i = 0; i < r.tools.size(); i++) {
                Tool tool = r.tools.get(i);
                if (tool == null || tool.function == null || tool.function.name == null
                        || tool.function.name.isBlank()) {
                    throw GatewayException.invalidRequest("tools[" + i + "].function.name",
                            "Each tool needs a function with a name.");
                }
            }
        }
    }

    private static void validate(ChatMessage m, String where) {
        if (m == null) {
            throw GatewayException.invalidRequest(where, "A message must be an object.");
        }
        if (m.role == null || !ROLES.contains(m.role)) {
            throw GatewayException.invalidRequest(where + ".role", "Invalid value for '" + where + ".role': '"
                    + m.role + "'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.");
        }
        if (m.content == null && !(m.role.equals("assistant") && m.hasToolCalls())) {
            throw GatewayException.invalidRequest(where + ".content", "Missing required parameter: '"
                    + where + ".content'.");
        }
        if (m.role.equals("tool") && (m.toolCallId == null || m.toolCallId.isBlank())) {
            throw GatewayException.invalidRequest(where + ".tool_call_id", "Missing required parameter: '"
                    + where + ".tool_call_id'.");
        }
        if (m.hasToolCalls()) {
            List<io.camelgateway.api.ToolCall> calls = m.toolCalls;
            for (int i = 0; i < calls.size(); i++) {
                var call = calls.get(i);
                if (call == null || call.id == null || call.function == null || call.function.name == null) {
                    throw GatewayException.invalidRequest(where + ".tool_calls[" + i + "]",
                            "Each tool call needs an id and a function name.");
                }
            }
        }
    }

    private static void range(Double value, double min, double max, String param) {
        if (value != null && (value < min || value > max)) {
            throw GatewayException.invalidRequest(param, "'" + param + "' must be between " + fmt(min) + " and "
                    + fmt(max) + ", got " + value + ".");
        }
    }

    private static void atLeastOne(Integer value, String param) {
        if (value != null && value < 1) {
            throw GatewayException.invalidRequest(param, "'" + param + "' must be at least 1, got " + value + ".");
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
