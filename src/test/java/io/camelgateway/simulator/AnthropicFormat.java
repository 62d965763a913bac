package io.camelgateway.simulator;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
        boolean thinking = thinkingOn(req);
        if (thinking) {
            Reply refused = checkThinkingReturned(messages);
            if (refused != null) {
                return refused;
            }
        }
        Sim.Conversation conversation = conversation(req);
        Sim.Answer a = Sim.answer("anthropic", conversation);
        String thought = thinking ? "Simulated thinking about: " + (conversation.lastIsToolResult
                ? conversation.toolResultText : conversation.lastUserText) : null;
        ObjectNode usage = usage(sim, req, a);
        long n = sim.nextId();
        String id = "msg_sim_" + n;
        String toolId = "toolu_sim_" + n;
        if (req.path("stream").asBoolean(false)) {
            return Reply.stream(streamEvents(a, id, toolId, model, thought, usage));
        }
        ObjectNode root = message(id, model);
        ArrayNode content = root.putArray("content");
        if (thought != null) {
            content.addObject().put("type", "thinking").put("thinking", thought)
                    .put("signature", Sim.signature(thought));
        }
        ObjectNode block = content.addObject();
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
        root.set("usage", usage);
        return Reply.json(200, root);
    }

    private static boolean thinkingOn(JsonNode req) {
        String type = req.path("thinking").path("type").asText();
        return type.equals("enabled") || type.equals("adaptive");
    }

    /**
     * As Anthropic documents for extended thinking with tools: when the conversation ends with tool results, the
     * assistant turn that asked for them must start with its thinking block, its signature untouched.
     */
    private static Reply checkThinkingReturned(JsonNode messages) {
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last == null || toolResults(last.get("content")).isEmpty()) {
            return null;
        }
        for (int i = messages.size() - 2; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if (!"assistant".equals(m.path("role").asText())) {
                continue;
            }
            JsonNode first = m.path("content").path(0);
            String type = first.path("type").asText();
            if (type.equals("redacted_thinking")) {
                return null;
            }
            if (!type.equals("thinking")) {
                return error(400, "invalid_request_error", "messages." + i + ".content.0.type: Expected `thinking` "
                        + "or `redacted_thinking`, but found `" + type + "`. When `thinking` is enabled, a final "
                        + "`assistant` message must start with a thinking block (preceeding the lastmost set of "
                        + "`tool_use` and `tool_result` blocks). We recommend you include thinking blocks from "
                        + "previous turns. To avoid this requirement, disable `thinking`.");
            }
            if (!Sim.signature(first.path("thinking").asText()).equals(first.path("signature").asText())) {
                return error(400, "invalid_request_error",
                        "messages." + i + ".content.0: Invalid `signature` in `thinking` block");
            }
            return null;
        }
        return null;
    }

    /**
     * The answer's usage. A request that marks anything with cache_control writes its system prompt to the cache
     * the first time and reads it from there after, as Anthropic reports: input_tokens is then what was not cached.
     */
    private static ObjectNode usage(ProviderSimulator sim, JsonNode req, Sim.Answer a) {
        ObjectNode u = NODES.objectNode();
        int cached = 0;
        boolean read = false;
        if (req.toString().contains("\"cache_control\"") && req.has("system")) {
            cached = Math.min(a.promptTokens, Sim.words(Sim.joinText(req.get("system"))));
            read = sim.cachedBefore(req.get("system").toString());
        }
        u.put("input_tokens", a.promptTokens - cached);
        u.put("cache_creation_input_tokens", read ? 0 : cached);
        u.put("cache_read_input_tokens", read ? cached : 0);
        u.put("output_tokens", a.completionTokens);
        return u;
    }

    private static ObjectNode message(String id, String model) {
        ObjectNode root = NODES.objectNode();
        root.put("id", id);
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model);
        return root;
    }

    private static List<String> streamEvents(Sim.Answer a, String id, String toolId, String model, String thought,
                                             ObjectNode usage) {
        List<String> events = new ArrayList<>();
        ObjectNode start = NODES.objectNode();
        start.put("type", "message_start");
        ObjectNode msg = message(id, model);
        msg.putArray("content");
        msg.putNull("stop_reason");
        msg.putNull("stop_sequence");
        ObjectNode u = usage.deepCopy();
        u.put("output_tokens", 1);
        msg.set("usage", u);
        start.set("message", msg);
        events.add(event("message_start", start));
        int index = 0;
        if (thought != null) {
            thinkingEvents(events, thought);
            index = 1;
        }

        ObjectNode blockStart = NODES.objectNode();
        blockStart.put("type", "content_block_start");
        blockStart.put("index", index);
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
            d.put("index", index);
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
        stop.put("index", index);
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

    /** A thinking block at index 0: its text in two deltas, then its signature. */
    private static void thinkingEvents(List<String> events, String thought) {
        ObjectNode start = NODES.objectNode().put("type", "content_block_start").put("index", 0);
        start.putObject("content_block").put("type", "thinking").put("thinking", "").put("signature", "");
        events.add(event("content_block_start", start));
        int half = thought.length() / 2;
        for (String piece : List.of(thought.substring(0, half), thought.substring(half))) {
            ObjectNode d = NODES.objectNode().put("type", "content_block_delta").put("index", 0);
            d.putObject("delta").put("type", "thinking_delta").put("thinking", piece);
            events.add(event("content_block_delta", d));
        }
        ObjectNode sig = NODES.objectNode().put("type", "content_block_delta").put("index", 0);
        sig.putObject("delta").put("type", "signature_delta").put("signature", Sim.signature(thought));
        events.add(event("content_block_delta", sig));
        events.add(event("content_block_stop", NODES.objectNode().put("type", "content_block_stop").put("index", 0)));
    }

    private static String event(String name, ObjectNode data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }
}
