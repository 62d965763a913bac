package io.camelgateway.responses;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;
import io.camelgateway.admin.AdminKeys;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.batch.ListPage;
import io.camelgateway.batch.Owner;
import io.camelgateway.batch.StoreCalls;

/**
 * The steps over the stored responses (routes/ingress.camel.yaml, routes/responses-store.camel.yaml): a request
 * that continues a stored response gets its conversation back, a plain answer is kept before it is sent, and
 * GET and DELETE /v1/responses/{id} and GET /v1/responses/{id}/input_items read and delete them. A caller sees only
 * their team's responses (their own, without a team): another owner's id is not found, as an unknown one.
 */
public class StoredResponses {
    /** Exchange property: true when the URL asks for the response's input items. */
    public static final String INPUT_ITEMS = "CamelGatewayResponseInputItems";
    private static final String COLLECTION = "/v1/responses";

    private final ResponseStore store;

    public StoredResponses(ResponseStore store) {
        this.store = store;
    }

    /** Reads which response, and which part of it, the URL names; any other URL under /v1/responses is a 404. */
    public void address(Exchange exchange) {
        StoreCalls.address(exchange, COLLECTION, ResponsesRequestReader.ID, GatewayConstants.RESPONSE_ID,
                "input_items", INPUT_ITEMS);
    }

    /**
     * The request continues a stored response: the provider gets that conversation's input and output items, then
     * this request's input, after this request's instructions (not the earlier ones, as OpenAI does).
     */
    public void continueConversation(Exchange exchange) {
        String previous = exchange.getProperty(GatewayConstants.PREVIOUS_RESPONSE_ID, String.class);
        Conversation conversation = StoreCalls.run(() -> store.conversation(Owner.of(exchange), previous))
                .orElseThrow(() -> previousNotFound(previous));
        ResponsesRequest request = exchange.getProperty(GatewayConstants.RESPONSES_REQUEST, ResponsesRequest.class);
        ArrayNode items = conversation.items(); // read for this request alone: no copy of up to max-stored-bytes
        items.addAll(InputItems.of(request.input));
        exchange.getMessage().getBody(ChatRequest.class).messages = ResponsesRequestReader.messages(request, items);
        exchange.setProperty(GatewayConstants.RESPONSES_CONVERSATION, conversation);
    }

    /** Writes the plain answer's record; the Response says store: false when the store could not take it. */
    public void keep(Exchange exchange) {
        StoredResponse kept = exchange.getProperty(GatewayConstants.RESPONSE_TO_KEEP, StoredResponse.class);
        if (!store.keep(kept)) {
            exchange.getMessage().getBody(ResponseObject.class).store = false;
        }
    }

    public JsonNode get(Exchange exchange) {
        return ResponseStore.tree(stored(exchange).response());
    }

    public Deleted delete(Exchange exchange) {
        String id = exchange.getProperty(GatewayConstants.RESPONSE_ID, String.class);
        if (!StoreCalls.run(() -> store.delete(Owner.of(exchange), id))) {
            throw notFound(id);
        }
        return new Deleted(id, "response", true);
    }

    /** The input items of the response's own request, in pages: ?limit (1 to 100, 20), ?order (desc), ?after. */
    public ListPage<JsonNode> inputItems(Exchange exchange) {
        int limit = ListPage.limit(exchange, 20, 100);
        String order = AdminKeys.query(exchange, "order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw GatewayException.invalidRequest("order", "Invalid value for 'order': expected 'asc' or 'desc'.");
        }
        String after = AdminKeys.query(exchange, "after");
        if (after != null && !ResponsesRequestReader.ID.matcher(after).matches()) {
            throw GatewayException.invalidRequest("after", "Invalid 'after': expected an item ID.");
        }
        List<JsonNode> items = new ArrayList<>();
        ResponseStore.tree(stored(exchange).inputItems()).forEach(items::add);
        if (!"asc".equals(order)) {
            Collections.reverse(items);
        }
        int from = 0;
        if (after != null) {
            from = indexOf(items, after) + 1;
            if (from == 0) {
                throw GatewayException.invalidRequest("after", "No input item with id '" + after
                        + "' in this response.");
            }
        }
        return ListPage.of(items.subList(from, Math.min(items.size(), from + limit + 1)), limit,
                item -> item.path("id").asText(), item -> item);
    }

    /** A method the URL does not take: 405, naming those it does. */
    public void notAllowed(Exchange exchange) {
        String id = exchange.getProperty(GatewayConstants.RESPONSE_ID, String.class);
        boolean inputItems = exchange.getProperty(INPUT_ITEMS, false, Boolean.class);
        throw StoreCalls.notAllowed(exchange, id == null ? "POST" : inputItems ? "GET" : "DELETE, GET");
    }


    private StoredResponse stored(Exchange exchange) {
        String id = exchange.getProperty(GatewayConstants.RESPONSE_ID, String.class);
        return StoreCalls.run(() -> store.find(Owner.of(exchange), id)).orElseThrow(() -> notFound(id));
    }

    private static int indexOf(List<JsonNode> items, String id) {
        for (int i = 0; i < items.size(); i++) {
            if (id.equals(items.get(i).path("id").asText())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A 400, not a 404: OpenAI's API answers an unknown previous_response_id so (github.com/maximhq/bifrost/issues/2441
     * shows its answer), and clients that then resend the whole conversation test for that status and code.
     */
    static GatewayException previousNotFound(String id) {
        return new GatewayException(400, "invalid_request_error", "previous_response_not_found",
                "previous_response_id", "Previous response with id '" + id + "' not found.", null, null);
    }

    static GatewayException notFound(String id) {
        return new GatewayException(404, "invalid_request_error", null, null, "Response with id '" + id
                + "' not found.", null, null);
    }

    /** The answer of DELETE /v1/responses/{id}. */
    @JsonPropertyOrder({"id", "object", "deleted"})
    public record Deleted(String id, String object, boolean deleted) {
    }
}
