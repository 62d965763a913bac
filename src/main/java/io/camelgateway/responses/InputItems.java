package io.camelgateway.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.api.Json;

/**
 * A request's input as the list of items the store keeps and GET /v1/responses/{id}/input_items shows: a string
 * input is one user message, a message's string content one text part, and each item has an id (the one the client
 * gave, or a new one) and a status. Called on input that {@link ResponsesInput} has read, so its shape is sound.
 */
final class InputItems {
    private InputItems() {
    }

    static ArrayNode of(JsonNode input) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        if (input.isTextual()) {
            items.add(message("user", input));
            return items;
        }
        for (JsonNode item : input) {
            ObjectNode copy = item.deepCopy();
            String type = copy.path("type").asText("message");
            if (type.equals("message")) {
                copy = message(copy.path("role").asText(), copy.get("content"));
                if (item.hasNonNull("id")) {
                    copy.set("id", item.get("id"));
                }
            } else {
                copy.put("type", type);
                if (!copy.hasNonNull("id")) {
                    copy.put("id", ResponseObject.itemId(switch (type) {
                        case "function_call" -> "fc";
                        case "function_call_output" -> "fco";
                        case "reasoning" -> "rs";
                        default -> "item";
                    }));
                }
                if (!type.equals("reasoning") && !copy.hasNonNull("status")) {
                    copy.put("status", "completed");
                }
            }
            items.add(copy);
        }
        return items;
    }

    /** A message item whose content is a list of parts: input_text, or output_text for the assistant's. */
    private static ObjectNode message(String role, JsonNode content) {
        ObjectNode message = Json.object().put("type", "message").put("id", ResponseObject.itemId("msg"))
                .put("status", "completed").put("role", role);
        if (content.isTextual()) {
            ObjectNode part = message.putArray("content").addObject();
            if (role.equals("assistant")) {
                part.put("type", "output_text").put("text", content.textValue());
                part.putArray("annotations");
            } else {
                part.put("type", "input_text").put("text", content.textValue());
            }
        } else {
            message.set("content", content);
        }
        return message;
    }
}
