package io.camelgateway.provider.anthropic;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.Tool;

/** OpenAI tools and tool_choice in Anthropic's shape. */
final class AnthropicTools {

    /** OpenAI's tool_choice words to Anthropic's tool_choice types. */
    private static final Map<String, String> CHOICE_TYPES = Map.of(
            "auto", "auto",
            "required", "any",
            "none", "none");

    private AnthropicTools() {
    }

    static ArrayNode tools(List<Tool> tools) {
        ArrayNode result = Json.MAPPER.createArrayNode();
        for (Tool tool : tools) {
            if (tool.function == null || tool.function.name == null) {
                throw GatewayException.invalidRequest("tools",
                        "Only function tools with a name can be sent to an Anthropic model.");
            }
            ObjectNode t = result.addObject();
            t.put("name", tool.function.name);
            if (tool.function.description != null) {
                t.put("description", tool.function.description);
            }
            t.set("input_schema", tool.function.parameters != null ? tool.function.parameters : emptySchema());
            if (tool.cacheControl != null) {
                t.set("cache_control", tool.cacheControl);
            }
        }
        return result;
    }

    /** Anthropic's tool_choice, or null when the caller left both tool_choice and parallel_tool_calls unset. */
    static ObjectNode toolChoice(JsonNode choice, Boolean parallelToolCalls) {
        ObjectNode result = choice == null || choice.isNull() ? null : choiceOf(choice);
        if (Boolean.FALSE.equals(parallelToolCalls)) {
            if (result == null) {
                result = typed("auto");
            }
            // Anthropic accepts the flag on auto, any and tool only.
            if (!"none".equals(result.path("type").asText())) {
                result.put("disable_parallel_tool_use", true);
            }
        }
        return result;
    }

    private static ObjectNode choiceOf(JsonNode choice) {
        if (choice.isTextual() && CHOICE_TYPES.containsKey(choice.asText())) {
            return typed(CHOICE_TYPES.get(choice.asText()));
        }
        String name = choice.path("function").path("name").asText(null);
        if ("function".equals(choice.path("type").asText()) && name != null) {
            ObjectNode tool = typed("tool");
            tool.put("name", name);
            return tool;
        }
        throw GatewayException.invalidRequest("tool_choice", "Unsupported tool_choice: " + choice);
    }

    private static ObjectNode typed(String type) {
        ObjectNode node = Json.object();
        node.put("type", type);
        return node;
    }

    private static ObjectNode emptySchema() {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        schema.putObject("properties");
        return schema;
    }
}
