package io.camelgateway.simulator;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.camelgateway.simulator.Sim.NODES;

/** Anthropic Messages API. */
final class AnthropicFormat {
    private AnthropicFormat() {
    }

    static Reply error(int status, String type, String message) {
        ObjectNode root = NODES.objectNode();
        root.put("type", "error");
        ObjectNode err = root.putObject("error");
        err.put("type", type);
        err.put("message", message);
        return Reply.json(status, root);
    }

    static Reply errorFor(int status) {
        return switch (status) {
            case 400 -> error(400, "invalid_request_error", "Invalid request");
            case 401 -> error(401, "authentication_error", "invalid x-api-key");
            case 402 -> error(402, "billing_error", "Your credit balance is too low to access the Anthropic API.");
            case 403 -> error(403, "permission_error",
                    "Your API key does not have permission to use the specified resource.");
            case 404 -> error(404, "not_found_error", "The requested resource could not be found.");
            case 413 -> error(413, "request_too_large", "Request exceeds the maximum allowed number of bytes.");
            case 429 -> error(429, "rate_limit_error", "Number of requests has exceeded your rate limit");
            case 500 -> error(500, "api_error", "Internal server error");
            case 529 -> error(529, "overloaded_error", "Overloaded");
            default -> status >= 500 ? error(status, "api_error", "Internal server error")
                    : error(status, "invalid_request_error", "Invalid request");
        };
    }

    static Reply checkKey(ProviderSimulator sim, String key) {
        if (key == null || key.isEmpty()) {
            return error(401, "authentication_error", "x-api-key header is required");
        }
        return sim.keyAccepted(key) ? null : errorFor(401);
    }

    static Sim.Conversation conversation(JsonNode req) {
        Sim.Conversation c = new Sim.Conversation();
        c.addText(Sim.joinText(req.get("system")));
        JsonNode messages = req.path("messages");
        for (JsonNode m : messages) {
            JsonNode content = m.get("content");
            String text = Sim.joinText(content);
            c.addText(text);
            for (String r : toolResults(content)) {
                c.addText(r);
            }
            if ("user".equals(m.path("role").asText())) {
                c.lastUserText = text;
            }
        }
        if (!messages.isEmpty()) {
            JsonNode last = messages.get(messages.size() - 1);
            List<String> results = toolResults(last.get("content"));
            if ("user".equals(last.path("role").asText()) && !results.isEmpty()) {
                c.lastIsToolResult = true;
                c.toolResultText = String.join("\n", results);
            }
        }
        for (JsonNode t : req.path("tools")) {
            if (t.hasNonNull("name")) {
                c.tools.add(new Sim.ToolDef(t.get("name").asText(), t.get("input_schema")));
            }
        }
        JsonNode choice = req.get("tool_choice");
        if (choice != null && choice.isObject()) {
            String type = choice.path("type").asText();
            if (type.equals("none")) {
                c.toolChoiceNone = true;
            } else if (type.equals("tool") && choice.hasNonNull("name")) {
                c.forcedTool = choice.get("name").asText();
            }
        }
        return c;
    }

    private static List<String> toolResults(JsonNode content) {
        List<String> out = new ArrayList<>();
        if (content != null && content.isArray()) {
            for (JsonNode block : content) {
                if ("tool_result".equals(block.path("type").asText())) {
                    out.add(Sim.joinText(block.get("content")));
                }
            }
        }
        return out;
    }

    static Reply messages(ProviderSimulator sim, JsonNode req) {
        if (!req.hasNonNull("model")) {
            return error(400, "invalid_request_error", "model: Field required");
        }
        if (!req.hasNonNull("max_tokens")) {
            return error(400, "invalid_request_error", "max_tokens: Field required");
        }
        JsonNode messages = req.get("messages");
        if (messages == null || !messages.isArray()) {
            return error(400, "invalid_request_error", "messages: Field required");
        }
        String model = req.get("model").asText();
        Sim.Answer a = Sim.answer("anthropic", conversation(req));
        long n = sim.nextId();
        String id = "msg_sim_" + n;
        String toolId = "toolu_sim_" + n;
        if (req.path("stream").asBoolean(false)) {
            return Reply.stream(streamEvents(a, id, toolId, model));
        }
        ObjectNode root = message(id, model);
        ObjectNode block = root.putArray("content").addObject();
        if (a.isToolCall()) {
            block.put("type", "tool_use");
            block.put("id", toolId);
            block.put("name", a.toolName);
            block.set("input", a.toolArgs);
        } else {
            block.put("type", "text");
            block.put("text", a.text);
        }
        root.put("stop_reason", a.isToolCall() ? "tool_use" : "end_turn");
        root.putNull("stop_sequence");
        ObjectNode u = root.putObject("usage");
        u.put("input_tokens", a.promptTokens);
        u.put("output_tokens", a.completionTokens);
        return Reply.json(200, root);
    }

    private static ObjectNode message(String id, String model) {
        ObjectNode root = NODES.objectNode();
        root.put("id", id);
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model);
        return root;
    }

    private static List<String> streamEvents(Sim.Answer a, String id, String toolId, String model) {
        List<String> events = new ArrayList<>();
        ObjectNode start = NODES.objectNode();
        start.put("type", "message_start");
        ObjectNode msg = message(id, model);
        msg.putArray("content");
        msg.putNull("stop_reason");
        msg.putNull("stop_sequence");
        ObjectNode u = msg.putObject("usage");
        u.put("input_tokens", a.promptTokens);
        u.put("output_tokens", 1);
        start.set("message", msg);
        events.add(event("message_start", start));

        ObjectNode blockStart = NODES.objectNode();
        blockStart.put("type", "content_block_start");
        blockStart.put("index", 0);
        ObjectNode block = blockStart.putObject("content_block");
        if (a.isToolCall()) {
            block.put("type", "tool_use");
            block.put("id", toolId);
            block.put("name", a.toolName);
            block.putObject("input");
        } else {
            block.put("type", "text");
            block.put("text", "");
        }
        events.add(event("content_block_start", blockStart));
        events.add(event("ping", NODES.objectNode().put("type", "ping")));
        List<String> pieces = a.isToolCall() ? Sim.thirds(a.argsJson()) : Sim.chunks(a.text);
        for (String piece : pieces) {
            ObjectNode d = NODES.objectNode();
            d.put("type", "content_block_delta");
            d.put("index", 0);
            ObjectNode delta = d.putObject("delta");
            if (a.isToolCall()) {
                delta.put("type", "input_json_delta");
                delta.put("partial_json", piece);
            } else {
                delta.put("type", "text_delta");
                delta.put("text", piece);
            }
            events.add(event("content_block_delta", d));
        }
        ObjectNode stop = NODES.objectNode();
        stop.put("type", "content_block_stop");
        stop.put("index", 0);
        events.add(event("content_block_stop", stop));

        ObjectNode md = NODES.objectNode();
        md.put("type", "message_delta");
        ObjectNode delta = md.putObject("delta");
        delta.put("stop_reason", a.isToolCall() ? "tool_use" : "end_turn");
        delta.putNull("stop_sequence");
        md.putObject("usage").put("output_tokens", a.completionTokens);
        events.add(event("message_delta", md));
        events.add(event("message_stop", NODES.objectNode().put("type", "message_stop")));
        return events;
    }

    private static String event(String name, ObjectNode data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }
}
