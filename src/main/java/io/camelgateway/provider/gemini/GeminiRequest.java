package io.camelgateway.provider.gemini;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.Json;
import io.camelgateway.api.Tool;

/**
 * Builds a generateContent body from a chat request. Fields Gemini has no place for (stream, user, model,
 * unknown extras) are left out: the method in the URL says whether to stream.
 */
final class GeminiRequest {

    private GeminiRequest() {
    }

    static ObjectNode body(ChatRequest request) {
        ObjectNode body = Json.object();
        GeminiContents.write(request.messages, body);
        putUnlessEmpty(body, "generationConfig", generationConfig(request));
        putUnlessEmpty(body, "tools", tools(request.tools));
        putUnlessEmpty(body, "toolConfig", toolConfig(request.toolChoice));
        return body;
    }

    private static ObjectNode generationConfig(ChatRequest r) {
        ObjectNode config = Json.object();
        if (r.temperature != null) config.put("temperature", r.temperature);
        if (r.topP != null) config.put("topP", r.topP);
        if (r.topK != null) config.put("topK", r.topK);
        if (r.outputTokenLimit() != null) config.put("maxOutputTokens", r.outputTokenLimit());
        if (r.stop != null && !r.stop.isEmpty()) r.stop.forEach(config.putArray("stopSequences")::add);
        if (r.n != null) config.put("candidateCount", r.n);
        if (r.presencePenalty != null) config.put("presencePenalty", r.presencePenalty);
        if (r.frequencyPenalty != null) config.put("frequencyPenalty", r.frequencyPenalty);
        if (r.seed != null) config.put("seed", r.seed);
        responseFormat(r.responseFormat, config);
        putUnlessEmpty(config, "thinkingConfig", thinkingConfig(r));
        return config;
    }

    /** OpenAI reasoning_effort words as Gemini thinking budgets. */
    private static final Map<String, Integer> EFFORT_BUDGETS = Map.of(
            "minimal", 512, "low", 1024, "medium", 8192, "high", 24576);

    /**
     * Anthropic's thinking switch or OpenAI's reasoning_effort as a thinking budget; a caller who asks for thinking
     * is shown Gemini's thought summaries (includeThoughts), as Anthropic shows its thinking.
     */
    private static ObjectNode thinkingConfig(ChatRequest r) {
        ObjectNode config = Json.object();
        String type = r.thinking == null ? "" : r.thinking.path("type").asText();
        if ("enabled".equals(type)) {
            config.put("thinkingBudget", r.thinking.path("budget_tokens").asInt());
            config.put("includeThoughts", true);
        } else if ("disabled".equals(type)) {
            config.put("thinkingBudget", 0);
        } else if (r.reasoningEffort != null && EFFORT_BUDGETS.containsKey(r.reasoningEffort)) {
            config.put("thinkingBudget", EFFORT_BUDGETS.get(r.reasoningEffort));
            config.put("includeThoughts", true);
        }
        return config;
    }

    private static void responseFormat(JsonNode format, ObjectNode config) {
        String type = format == null ? "" : format.path("type").asText();
        switch (type) {
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                config.put("responseMimeType", "application/json");
                JsonNode schema = format.path("json_schema").path("schema");
                if (schema.isObject()) {
                    config.set("responseJsonSchema", schema);
                }
            }
            default -> {
            }
        }
    }

    private static ArrayNode tools(List<Tool> tools) {
        ArrayNode result = Json.MAPPER.createArrayNode();
        if (tools == null || tools.isEmpty()) {
            return result;
        }
        ArrayNode declarations = result.addObject().putArray("functionDeclarations");
        for (Tool tool : tools) {
            if (tool.function == null) {
                continue;
            }
            ObjectNode declaration = declarations.addObject().put("name", tool.function.name);
            if (tool.function.description != null) declaration.put("description", tool.function.description);
            if (tool.function.parameters != null) declaration.set("parameters", tool.function.parameters);
        }
        return declarations.isEmpty() ? Json.MAPPER.createArrayNode() : result;
    }

    private static ObjectNode toolConfig(JsonNode choice) {
        ObjectNode config = Json.object();
        String mode = choice == null ? null : functionCallingMode(choice);
        if (mode != null) {
            ObjectNode calling = config.putObject("functionCallingConfig").put("mode", mode);
            if (choice.isObject()) {
                calling.putArray("allowedFunctionNames").add(choice.path("function").path("name").asText());
            }
        }
        return config;
    }

    private static String functionCallingMode(JsonNode choice) {
        if (choice.isObject()) {
            return choice.path("function").hasNonNull("name") ? "ANY" : null;
        }
        return switch (choice.asText()) {
            case "auto" -> "AUTO";
            case "required" -> "ANY";
            case "none" -> "NONE";
            default -> null;
        };
    }

    private static void putUnlessEmpty(ObjectNode body, String field, JsonNode value) {
        if (!value.isEmpty()) {
            body.set(field, value);
        }
    }
}
