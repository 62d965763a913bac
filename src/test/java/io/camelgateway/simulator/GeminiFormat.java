package io.camelgateway.simulator;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.camelgateway.simulator.Sim.NODES;

/** Google Gemini (Generative Language API, v1beta). */
final class GeminiFormat {
    private GeminiFormat() {
    }

    static Reply error(int code, String status, String message) {
        ObjectNode root = NODES.objectNode();
        ObjectNode err = root.putObject("error");
        err.put("code", code);
        err.put("message", message);
        err.put("status", status);
        return Reply.json(code, root);
    }

    static Reply errorFor(int code) {
        return switch (code) {
            case 400 -> error(400, "INVALID_ARGUMENT", "Request contains an invalid argument.");
            case 401 -> error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
            case 403 -> error(403, "PERMISSION_DENIED", "The caller does not have permission");
            case 404 -> error(404, "NOT_FOUND", "Requested entity was not found.");
            case 409 -> error(409, "ABORTED", "The operation was aborted.");
            case 429 -> error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).");
            case 499 -> error(499, "CANCELLED", "The operation was cancelled.");
            case 500 -> error(500, "INTERNAL", "An internal error has occurred.");
            case 503 -> error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
            case 504 -> error(504, "DEADLINE_EXCEEDED", "The request timed out. Please try again.");
            default -> code >= 500 ? error(code, "INTERNAL", "An internal error has occurred.")
                    : error(code, "INVALID_ARGUMENT", "Request contains an invalid argument.");
        };
    }

    static Reply checkKey(ProviderSimulator sim, String key) {
        if (key == null || key.isEmpty()) {
            return error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without "
                    + "established identity). Please use API Key or other form of API consumer identity to call this "
                    + "API.");
        }
        if (sim.keyAccepted(key)) {
            return null;
        }
        ObjectNode root = NODES.objectNode();
        ObjectNode err = root.putObject("error");
        err.put("code", 400);
        err.put("message", "API key not valid. Please pass a valid API key.");
        err.put("status", "INVALID_ARGUMENT");
        ObjectNode detail = err.putArray("details").addObject();
        detail.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
        detail.put("reason", "API_KEY_INVALID");
        detail.put("domain", "googleapis.com");
        return Reply.json(400, root);
    }

    private static JsonNode field(JsonNode node, String camel, String snake) {
        JsonNode v = node.get(camel);
        return v != null ? v : node.get(snake);
    }

    static Sim.Conversation conversation(JsonNode req) {
        Sim.Conversation c = new Sim.Conversation();
        JsonNode system = field(req, "systemInstruction", "system_instruction");
        if (system != null) {
            c.addText(system.isTextual() ? system.textValue() : Sim.joinText(system.get("parts")));
        }
        JsonNode contents = req.path("contents");
        for (JsonNode content : contents) {
            JsonNode parts = content.get("parts");
            String text = Sim.joinText(parts);
            c.addText(text);
            for (String r : functionResponses(parts)) {
                c.addText(r);
            }
            if (!"model".equals(content.path("role").asText("user"))) {
                c.lastUserText = text;
            }
        }
        if (!contents.isEmpty()) {
            JsonNode last = contents.get(contents.size() - 1);
            List<String> results = functionResponses(last.get("parts"));
            if (!"model".equals(last.path("role").asText("user")) && !results.isEmpty()) {
                c.lastIsToolResult = true;
                c.toolResultText = String.join("\n", results);
            }
        }
        for (JsonNode tool : req.path("tools")) {
            JsonNode decls = field(tool, "functionDeclarations", "function_declarations");
            if (decls == null) {
                continue;
            }
            for (JsonNode d : decls) {
                if (d.hasNonNull("name")) {
                    JsonNode schema = d.get("parameters");
                    if (schema == null) {
                        schema = field(d, "parametersJsonSchema", "parameters_json_schema");
                    }
                    c.tools.add(new Sim.ToolDef(d.get("name").asText(), schema));
                }
            }
        }
        JsonNode toolConfig = field(req, "toolConfig", "tool_config");
        if (toolConfig != null) {
            JsonNode fcc = field(toolConfig, "functionCallingConfig", "function_calling_config");
            if (fcc != null) {
                String mode = fcc.path("mode").asText("AUTO");
                if (mode.equalsIgnoreCase("NONE")) {
                    c.toolChoiceNone = true;
                } else if (mode.equalsIgnoreCase("ANY")) {
                    JsonNode allowed = field(fcc, "allowedFunctionNames", "allowed_function_names");
                    if (allowed != null && allowed.isArray() && !allowed.isEmpty()) {
                        c.forcedTool = allowed.get(0).asText();
                    }
                }
            }
        }
        return c;
    }

    private static List<String> functionResponses(JsonNode parts) {
        List<String> out = new ArrayList<>();
        if (parts != null && parts.isArray()) {
            for (JsonNode p : parts) {
                JsonNode fr = field(p, "functionResponse", "function_response");
                if (fr != null) {
                    out.add(resultText(fr.get("response")));
                }
            }
        }
        return out;
    }

    /** The text of a functionResponse.response: a string, the only string field of an object, or its JSON. */
    private static String resultText(JsonNode response) {
        if (response == null || response.isNull()) {
            return "";
        }
        if (response.isTextual()) {
            return response.textValue();
        }
        if (response.isObject() && response.size() == 1) {
            JsonNode only = response.elements().next();
            if (only.isTextual()) {
                return only.textValue();
            }
        }
        return response.toString();
    }

    static Reply generate(ProviderSimulator sim, JsonNode req, String model, boolean stream, boolean sse) {
        JsonNode contents = req.get("contents");
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            return error(400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified\n");
        }
        if (model.startsWith("gemini-3")) {
            Reply refused = checkSignaturesReturned(contents);
            if (refused != null) {
                return refused;
            }
        }
        Sim.Conversation conversation = conversation(req);
        Sim.Answer a = Sim.answer("gemini", conversation);
        JsonNode thinkingConfig = field(field(req, "generationConfig", "generation_config") == null
                ? NODES.objectNode() : field(req, "generationConfig", "generation_config"),
                "thinkingConfig", "thinking_config");
        String thought = thinkingConfig != null && thinkingConfig.path("includeThoughts").asBoolean(false)
                ? "Simulated thought about: " + (conversation.lastIsToolResult ? conversation.toolResultText
                : conversation.lastUserText) : null;
        String responseId = "sim-" + sim.nextId();
        if (!stream) {
            ObjectNode root = NODES.objectNode();
            ObjectNode cand = root.putArray("candidates").addObject();
            ArrayNode parts = content(cand);
            if (thought != null) {
                parts.addObject().put("text", thought).put("thought", true);
            }
            if (a.isToolCall()) {
                functionCall(parts.addObject(), a);
            } else {
                parts.addObject().put("text", a.text);
            }
            cand.put("finishReason", "STOP");
            cand.put("index", 0);
            usage(root, a.promptTokens, a.completionTokens);
            root.put("modelVersion", model);
            root.put("responseId", responseId);
            return Reply.json(200, root);
        }
        List<String> chunks = new ArrayList<>();
        if (thought != null) {
            ObjectNode root = NODES.objectNode();
            ObjectNode cand = root.putArray("candidates").addObject();
            content(cand).addObject().put("text", thought).put("thought", true);
            cand.put("index", 0);
            root.put("modelVersion", model);
            root.put("responseId", responseId);
            chunks.add(root.toString());
        }
        if (a.isToolCall()) {
            ObjectNode root = NODES.objectNode();
            ObjectNode cand = root.putArray("candidates").addObject();
            functionCall(content(cand).addObject(), a);
            cand.put("finishReason", "STOP");
            cand.put("index", 0);
            usage(root, a.promptTokens, a.completionTokens);
            root.put("modelVersion", model);
            root.put("responseId", responseId);
            chunks.add(root.toString());
        } else {
            List<String> words = Sim.chunks(a.text);
            StringBuilder soFar = new StringBuilder();
            for (int i = 0; i < words.size(); i++) {
                soFar.append(words.get(i));
                ObjectNode root = NODES.objectNode();
                ObjectNode cand = root.putArray("candidates").addObject();
                content(cand).addObject().put("text", words.get(i));
                if (i == words.size() - 1) {
                    cand.put("finishReason", "STOP");
                }
                cand.put("index", 0);
                usage(root, a.promptTokens, Sim.words(soFar.toString()));
                root.put("modelVersion", model);
                root.put("responseId", responseId);
                chunks.add(root.toString());
            }
        }
        if (!sse) {
            // Without alt=sse Gemini streams one JSON array; sent here as one body.
            return Reply.raw(200, Reply.JSON_TYPE, "[" + String.join(",\r\n", chunks) + "]");
        }
        List<String> events = new ArrayList<>(chunks.size());
        for (String c : chunks) {
            events.add("data: " + c + "\r\n\r\n");
        }
        return Reply.stream(events);
    }

    private static ArrayNode content(ObjectNode candidate) {
        ObjectNode content = candidate.putObject("content");
        ArrayNode parts = content.putArray("parts");
        content.put("role", "model");
        return parts;
    }

    /** A function call with its thoughtSignature, as Gemini's thinking models (2.5 and 3) give them. */
    private static void functionCall(ObjectNode part, Sim.Answer a) {
        ObjectNode fc = part.putObject("functionCall");
        fc.put("name", a.toolName);
        fc.set("args", a.toolArgs);
        part.put("thoughtSignature", Sim.signature(a.toolName + a.argsJson()));
    }

    /**
     * As Gemini 3 enforces (ai.google.dev/gemini-api/docs/thought-signatures): in the current turn (since the
     * last user text), the first functionCall part of each model step must carry the signature Gemini gave it.
     */
    private static Reply checkSignaturesReturned(JsonNode contents) {
        int start = 0;
        for (int i = contents.size() - 1; i >= 0; i--) {
            JsonNode c = contents.get(i);
            if (!"model".equals(c.path("role").asText("user")) && !Sim.joinText(c.get("parts")).isEmpty()) {
                start = i;
                break;
            }
        }
        for (int i = start; i < contents.size(); i++) {
            JsonNode c = contents.get(i);
            if (!"model".equals(c.path("role").asText())) {
                continue;
            }
            for (JsonNode part : c.path("parts")) {
                JsonNode fc = field(part, "functionCall", "function_call");
                if (fc == null) {
                    continue;
                }
                String given = Sim.signature(fc.path("name").asText() + fc.path("args"));
                JsonNode signature = field(part, "thoughtSignature", "thought_signature");
                if (signature == null || !given.equals(signature.asText())) {
                    return error(400, "INVALID_ARGUMENT", "Function call is missing a thought_signature in "
                            + "functionCall parts. This is required for tools to work correctly, and missing "
                            + "thought_signature may lead to degraded model performance. Additional data, function "
                            + "call `default_api:" + fc.path("name").asText() + "` , position " + (i + 1)
                            + ". Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more "
                            + "details.");
                }
                break; // only the first call of a step carries one
            }
        }
        return null;
    }

    private static void usage(ObjectNode root, int prompt, int candidates) {
        ObjectNode u = root.putObject("usageMetadata");
        u.put("promptTokenCount", prompt);
        u.put("candidatesTokenCount", candidates);
        u.put("totalTokenCount", prompt + candidates);
    }

    private static Reply values(ObjectNode target, JsonNode request) {
        JsonNode content = request.get("content");
        if (content == null || !content.isObject()) {
            return error(400, "INVALID_ARGUMENT", "* EmbedContentRequest.content: content is not specified\n");
        }
        int dim = field(request, "outputDimensionality", "output_dimensionality") == null ? 8
                : field(request, "outputDimensionality", "output_dimensionality").asInt(8);
        if (dim < 1 || dim > 65536) {
            return error(400, "INVALID_ARGUMENT", "Invalid output_dimensionality.");
        }
        ArrayNode values = target.putArray("values");
        for (float f : Sim.embedding(Sim.joinText(content.get("parts")), dim)) {
            values.add(f);
        }
        return null;
    }

    static Reply embedContent(JsonNode req) {
        ObjectNode root = NODES.objectNode();
        Reply err = values(root.putObject("embedding"), req);
        return err != null ? err : Reply.json(200, root);
    }

    static Reply batchEmbedContents(JsonNode req) {
        JsonNode requests = req.get("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            return error(400, "INVALID_ARGUMENT", "* BatchEmbedContentsRequest.requests: requests is not specified\n");
        }
        ObjectNode root = NODES.objectNode();
        ArrayNode embeddings = root.putArray("embeddings");
        for (JsonNode r : requests) {
            Reply err = values(embeddings.addObject(), r);
            if (err != null) {
                return err;
            }
        }
        return Reply.json(200, root);
    }
}
