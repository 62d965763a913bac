package io.camelgateway.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.camelgateway.simulator.Sim.NODES;

/**
 * Amazon Bedrock's Converse and ConverseStream ({@code POST /model/{modelId}/converse|converse-stream}), after the
 * Bedrock API reference: errors as {"message"} with the error's name in x-amzn-ErrorType, the stream as AWS's binary
 * event stream whose events carry a "p" padding field, as Bedrock's do.
 */
final class BedrockFormat {
    static final String EVENT_STREAM_TYPE = "application/vnd.amazon.eventstream";
    private static final String PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";

    private BedrockFormat() {
    }

    static Reply error(int status, String type, String message) {
        return Reply.json(status, NODES.objectNode().put("message", message))
                .withHeaders(Map.of("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/"));
    }

    static Reply errorFor(int status) {
        return switch (status) {
            case 400 -> error(400, "ValidationException", "The provided request is not valid");
            case 403 -> error(403, "AccessDeniedException", "You don't have access to the model with the specified "
                    + "model ID.");
            case 404 -> error(404, "ResourceNotFoundException", "The requested resource could not be found.");
            case 408 -> error(408, "ModelTimeoutException", "The request took too long to process.");
            case 429 -> error(429, "ThrottlingException", "Too many requests, please wait before trying again.");
            case 503 -> error(503, "ServiceUnavailableException", "The service is temporarily unable to handle the "
                    + "request.");
            default -> status >= 500 ? error(status, "InternalServerException", "An internal server error occurred.")
                    : error(status, "ValidationException", "The provided request is not valid");
        };
    }

    /** The exception event Bedrock sends inside a stream for the error this status stands for. */
    static byte[] exceptionEvent(int status) {
        String type = switch (status) {
            case 429 -> "throttlingException";
            case 400 -> "validationException";
            case 503 -> "serviceUnavailableException";
            case 424 -> "modelStreamErrorException";
            default -> "internalServerException";
        };
        return EventStreamFrames.exception(type, NODES.objectNode()
                .put("message", "Simulated " + type + " during the stream").toString());
    }

    static Sim.Conversation conversation(JsonNode req) {
        Sim.Conversation c = new Sim.Conversation();
        for (JsonNode s : req.path("system")) {
            c.addText(s.path("text").asText(null));
        }
        JsonNode messages = req.path("messages");
        for (JsonNode m : messages) {
            List<String> results = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (JsonNode block : m.path("content")) {
                if (block.hasNonNull("text")) {
                    text.append(text.isEmpty() ? "" : "\n").append(block.get("text").asText());
                }
                JsonNode result = block.get("toolResult");
                if (result != null) {
                    for (JsonNode part : result.path("content")) {
                        results.add(part.hasNonNull("text") ? part.get("text").asText()
                                : part.path("json").toString());
                    }
                }
            }
            c.addText(text.toString());
            results.forEach(c::addText);
            if ("user".equals(m.path("role").asText())) {
                c.lastUserText = text.toString();
                c.lastIsToolResult = !results.isEmpty();
                c.toolResultText = String.join("\n", results);
            }
        }
        for (JsonNode tool : req.path("toolConfig").path("tools")) {
            JsonNode spec = tool.path("toolSpec");
            if (spec.hasNonNull("name")) {
                c.tools.add(new Sim.ToolDef(spec.get("name").asText(), spec.path("inputSchema").get("json")));
            }
        }
        JsonNode forced = req.path("toolConfig").path("toolChoice").path("tool").get("name");
        if (forced != null) {
            c.forcedTool = forced.asText();
        }
        return c;
    }

    static Reply converse(ProviderSimulator sim, JsonNode req, boolean stream, Fault fault) {
        JsonNode messages = req.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return error(400, "ValidationException", "1 validation error detected: Value at 'messages' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        if (!"user".equals(messages.get(0).path("role").asText())) {
            return error(400, "ValidationException", "A conversation must start with a user message. Try again "
                    + "with a conversation that starts with a user message.");
        }
        Sim.Answer a = Sim.answer("bedrock", conversation(req));
        String toolUseId = "tooluse_sim" + sim.nextId();
        if (!stream) {
            ObjectNode root = NODES.objectNode();
            ObjectNode message = root.putObject("output").putObject("message").put("role", "assistant");
            ObjectNode block = message.putArray("content").addObject();
            if (a.isToolCall()) {
                block.putObject("toolUse").put("toolUseId", toolUseId).put("name", a.toolName)
                        .set("input", a.toolArgs);
            } else {
                block.put("text", a.text);
            }
            root.put("stopReason", a.isToolCall() ? "tool_use" : "end_turn");
            usage(root, a);
            root.putObject("metrics").put("latencyMs", 42);
            return Reply.json(200, root);
        }
        List<byte[]> events = new ArrayList<>();
        events.add(event("messageStart", NODES.objectNode().put("role", "assistant")));
        if (a.isToolCall()) {
            ObjectNode start = NODES.objectNode().put("contentBlockIndex", 0);
            start.putObject("start").putObject("toolUse").put("toolUseId", toolUseId).put("name", a.toolName);
            events.add(event("contentBlockStart", start));
            for (String piece : Sim.thirds(a.argsJson())) {
                ObjectNode delta = NODES.objectNode().put("contentBlockIndex", 0);
                delta.putObject("delta").putObject("toolUse").put("input", piece);
                events.add(event("contentBlockDelta", delta));
            }
        } else {
            for (String word : Sim.chunks(a.text)) {
                ObjectNode delta = NODES.objectNode().put("contentBlockIndex", 0);
                delta.putObject("delta").put("text", word);
                events.add(event("contentBlockDelta", delta));
            }
        }
        events.add(event("contentBlockStop", NODES.objectNode().put("contentBlockIndex", 0)));
        events.add(event("messageStop", NODES.objectNode().put("stopReason", a.isToolCall() ? "tool_use"
                : "end_turn")));
        ObjectNode metadata = NODES.objectNode();
        usage(metadata, a);
        metadata.putObject("metrics").put("latencyMs", 42);
        events.add(event("metadata", metadata));
        if (fault != null && fault.errorEventAfter() >= 0 && fault.errorEventAfter() < events.size()) {
            events.subList(fault.errorEventAfter(), events.size()).clear();
            events.add(exceptionEvent(fault.status()));
        }
        return Reply.binaryStream(EVENT_STREAM_TYPE, events);
    }

    private static byte[] event(String type, ObjectNode payload) {
        payload.put("p", PADDING.substring(0, 1 + Math.floorMod(payload.toString().length(), PADDING.length())));
        return EventStreamFrames.event(type, payload.toString());
    }

    /** Usage as Bedrock reports it; prompt-cache reads count apart from inputTokens (none here). */
    private static void usage(ObjectNode root, Sim.Answer a) {
        root.putObject("usage").put("inputTokens", a.promptTokens).put("outputTokens", a.completionTokens)
                .put("totalTokens", a.totalTokens()).put("cacheReadInputTokens", 0)
                .put("cacheWriteInputTokens", 0);
    }
}
