package io.camelgateway.simulator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.camelgateway.simulator.Sim.NODES;

/** OpenAI chat completions, embeddings and models (also used for Azure OpenAI with format name "azure"). */
final class OpenAiFormat {
    private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "text-embedding-3-small", "text-embedding-3-large"};

    private OpenAiFormat() {
    }

    static Reply error(int status, String message, String type, String code) {
        ObjectNode root = NODES.objectNode();
        ObjectNode err = root.putObject("error");
        err.put("message", message);
        err.put("type", type);
        err.putNull("param");
        if (code == null) {
            err.putNull("code");
        } else {
            err.put("code", code);
        }
        return Reply.json(status, root);
    }

    /** The error OpenAI sends for this status. */
    static Reply errorFor(int status) {
        return switch (status) {
            case 400 -> error(400, "Invalid request.", "invalid_request_error", null);
            case 401 -> error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
            case 403 -> error(403, "You are not allowed to access this resource.", "invalid_request_error", null);
            case 404 -> error(404, "The model does not exist or you do not have access to it.",
                    "invalid_request_error", "model_not_found");
            case 429 -> error(429, "Rate limit reached for requests", "requests", "rate_limit_exceeded");
            case 503 -> error(503, "The engine is currently overloaded, please try again later", "server_error", null);
            default -> status >= 500
                    ? error(status, "The server had an error while processing your request. Sorry about that!",
                            "server_error", null)
                    : error(status, "Invalid request.", "invalid_request_error", null);
        };
    }

    /**
     * OpenAI's answer to a call over a rate limit, for the simulator's limit on calls at once: its 429 body (type
     * "requests", code rate_limit_exceeded), its x-ratelimit-* headers for requests and a Retry-After.
     */
    static Reply callLimitReached(int limit, JsonNode request) {
        String model = request == null ? "the model" : request.path("model").asText("the model");
        return error(429, "Rate limit reached for " + model + " in organization org-simulator on concurrent "
                + "requests: Limit " + limit + ", Used " + limit + ", Requested 1. Please try again in 1s. Visit "
                + "https://platform.openai.com/account/rate-limits to learn more.", "requests", "rate_limit_exceeded")
                .withHeaders(Map.of(
                        "x-ratelimit-limit-requests", String.valueOf(limit),
                        "x-ratelimit-remaining-requests", "0",
                        "x-ratelimit-reset-requests", "1s",
                        "retry-after", "1"));
    }

    static Reply invalidUrl(String method, String path) {
        return error(404, "Invalid URL (" + method + " " + path + ")", "invalid_request_error", null);
    }

    static Reply malformed() {
        return error(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using "
                + "your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not "
                + "valid JSON.)", "invalid_request_error", null);
    }

    /** Checks the key; null when accepted. */
    static Reply checkKey(ProviderSimulator sim, String key, boolean azure) {
        if (key == null || key.isEmpty()) {
            return azure
                    ? error(401, "Access denied due to missing subscription key. Make sure to include subscription "
                            + "key when making requests to an API.", "invalid_request_error", "invalid_api_key")
                    : error(401, "You didn't provide an API key. You need to provide your API key in an "
                            + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                            "invalid_request_error", null);
        }
        return sim.keyAccepted(key) ? null : errorFor(401);
    }

    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    static Sim.Conversation conversation(JsonNode req) {
        Sim.Conversation c = new Sim.Conversation();
        JsonNode messages = req.path("messages");
        for (JsonNode m : messages) {
            String text = Sim.joinText(m.get("content"));
            c.addText(text);
            if ("user".equals(m.path("role").asText())) {
                c.lastUserText = text;
            }
        }
        if (!messages.isEmpty()) {
            JsonNode last = messages.get(messages.size() - 1);
            String role = last.path("role").asText();
            if (role.equals("tool") || role.equals("function")) {
                c.lastIsToolResult = true;
                c.toolResultText = Sim.joinText(last.get("content"));
            }
        }
        for (JsonNode t : req.path("tools")) {
            JsonNode fn = t.get("function");
            if (fn != null && fn.hasNonNull("name")) {
                c.tools.add(new Sim.ToolDef(fn.get("name").asText(), fn.get("parameters")));
            }
        }
        for (JsonNode fn : req.path("functions")) {
            if (fn.hasNonNull("name")) {
                c.tools.add(new Sim.ToolDef(fn.get("name").asText(), fn.get("parameters")));
            }
        }
        JsonNode choice = req.has("tool_choice") ? req.get("tool_choice") : req.get("function_call");
        if (choice != null) {
            if (choice.isTextual()) {
                c.toolChoiceNone = choice.textValue().equals("none");
            } else if (choice.isObject()) {
                JsonNode name = choice.path("function").get("name");
                if (name == null) {
                    name = choice.get("name");
                }
                if (name != null && name.isTextual()) {
                    c.forcedTool = name.textValue();
                }
            }
        }
        return c;
    }

    static Reply chat(ProviderSimulator sim, JsonNode req, String format, String model) {
        if (model == null) {
            return error(400, "you must provide a model parameter", "invalid_request_error", null);
        }
        JsonNode messages = req.get("messages");
        if (messages == null || !messages.isArray()) {
            return error(400, "Missing required parameter: 'messages'.", "invalid_request_error",
                    "missing_required_parameter");
        }
        if (messages.isEmpty()) {
            return error(400, "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an "
                    + "empty array instead.", "invalid_request_error", "empty_array");
        }
        Sim.Answer a = Sim.answer(format, conversation(req));
        long n = sim.nextId();
        String id = "chatcmpl-sim-" + n;
        String callId = "call_sim_" + n;
        long created = Sim.nowSeconds();
        if (req.path("stream").asBoolean(false)) {
            boolean usage = req.path("stream_options").path("include_usage").asBoolean(false);
            return Reply.stream(streamEvents(a, id, callId, created, model, usage));
        }
        ObjectNode root = NODES.objectNode();
        root.put("id", id);
        root.put("object", "chat.completion");
        root.put("created", created);
        root.put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (a.isToolCall()) {
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.put("id", callId);
            call.put("type", "function");
            ObjectNode fn = call.putObject("function");
            fn.put("name", a.toolName);
            fn.put("arguments", a.argsJson());
        } else {
            message.put("content", a.text);
        }
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", a.isToolCall() ? "tool_calls" : "stop");
        usage(root.putObject("usage"), a);
        root.put("system_fingerprint", "fp_sim");
        return Reply.json(200, root);
    }

    private static void usage(ObjectNode u, Sim.Answer a) {
        u.put("prompt_tokens", a.promptTokens);
        u.put("completion_tokens", a.completionTokens);
        u.put("total_tokens", a.totalTokens());
    }

    private static List<String> streamEvents(Sim.Answer a, String id, String callId, long created, String model,
                                             boolean includeUsage) {
        List<String> events = new ArrayList<>();
        if (a.isToolCall()) {
            ObjectNode delta = NODES.objectNode();
            delta.put("role", "assistant");
            delta.putNull("content");
            ObjectNode call = delta.putArray("tool_calls").addObject();
            call.put("index", 0);
            call.put("id", callId);
            call.put("type", "function");
            ObjectNode fn = call.putObject("function");
            fn.put("name", a.toolName);
            fn.put("arguments", "");
            events.add(chunk(id, created, model, includeUsage, delta, null));
            for (String piece : Sim.thirds(a.argsJson())) {
                ObjectNode d = NODES.objectNode();
                ObjectNode c = d.putArray("tool_calls").addObject();
                c.put("index", 0);
                c.putObject("function").put("arguments", piece);
                events.add(chunk(id, created, model, includeUsage, d, null));
            }
        } else {
            ObjectNode first = NODES.objectNode();
            first.put("role", "assistant");
            first.put("content", "");
            events.add(chunk(id, created, model, includeUsage, first, null));
            for (String word : Sim.chunks(a.text)) {
                events.add(chunk(id, created, model, includeUsage, NODES.objectNode().put("content", word), null));
            }
        }
        events.add(chunk(id, created, model, includeUsage, NODES.objectNode(), a.isToolCall() ? "tool_calls" : "stop"));
        if (includeUsage) {
            ObjectNode root = chunkBase(id, created, model);
            root.putArray("choices");
            usage(root.putObject("usage"), a);
            events.add("data: " + root + "\n\n");
        }
        events.add("data: [DONE]\n\n");
        return events;
    }

    private static ObjectNode chunkBase(String id, long created, String model) {
        ObjectNode root = NODES.objectNode();
        root.put("id", id);
        root.put("object", "chat.completion.chunk");
        root.put("created", created);
        root.put("model", model);
        root.put("system_fingerprint", "fp_sim");
        return root;
    }

    private static String chunk(String id, long created, String model, boolean includeUsage, ObjectNode delta,
                                String finish) {
        ObjectNode root = chunkBase(id, created, model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        if (includeUsage) {
            root.putNull("usage");
        }
        return "data: " + root + "\n\n";
    }

    static Reply embeddings(JsonNode req, String model) {
        if (model == null) {
            return error(400, "you must provide a model parameter", "invalid_request_error", null);
        }
        JsonNode input = req.get("input");
        List<String> texts = new ArrayList<>();
        int tokens = 0;
        if (input != null && input.isTextual()) {
            texts.add(input.textValue());
            tokens += Sim.words(input.textValue());
        } else if (input != null && input.isArray() && !input.isEmpty()) {
            if (input.get(0).isNumber()) {
                texts.add(input.toString());
                tokens += input.size();
            } else {
                for (JsonNode in : input) {
                    if (in.isTextual()) {
                        texts.add(in.textValue());
                        tokens += Sim.words(in.textValue());
                    } else if (in.isArray()) {
                        texts.add(in.toString());
                        tokens += in.size();
                    } else {
                        return error(400, "'$.input' is invalid. Please check the API reference: "
                                + "https://platform.openai.com/docs/api-reference.", "invalid_request_error", null);
                    }
                }
            }
        } else {
            return error(400, "Missing required parameter: 'input'.", "invalid_request_error",
                    "missing_required_parameter");
        }
        int dim = req.path("dimensions").asInt(8);
        if (dim < 1 || dim > 65536) {
            return error(400, "Invalid value for 'dimensions': must be at least 1.", "invalid_request_error", null);
        }
        boolean base64 = "base64".equals(req.path("encoding_format").asText());
        ObjectNode root = NODES.objectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < texts.size(); i++) {
            float[] v = Sim.embedding(texts.get(i), dim);
            ObjectNode e = data.addObject();
            e.put("object", "embedding");
            e.put("index", i);
            if (base64) {
                ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : v) {
                    buf.putFloat(f);
                }
                e.put("embedding", Base64.getEncoder().encodeToString(buf.array()));
            } else {
                ArrayNode arr = e.putArray("embedding");
                for (float f : v) {
                    arr.add(f);
                }
            }
        }
        root.put("model", model);
        ObjectNode u = root.putObject("usage");
        u.put("prompt_tokens", tokens);
        u.put("total_tokens", tokens);
        return Reply.json(200, root);
    }

    static Reply models() {
        ObjectNode root = NODES.objectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String id : MODELS) {
            ObjectNode m = data.addObject();
            m.put("id", id);
            m.put("object", "model");
            m.put("created", 1700000000L);
            m.put("owned_by", "simulator");
        }
        return Reply.json(200, root);
    }
}
