package io.camelgateway.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;

import io.camelgateway.api.Json;

/**
 * The stored conversation a request continues (previous_response_id): each earlier response's input items then its
 * output items, oldest first, with how long and how big the conversation already is.
 */
record Conversation(int depth, long bytes, ArrayNode items) {

    /** A request that continues nothing. */
    static Conversation none() {
        return new Conversation(0, 0, Json.MAPPER.createArrayNode());
    }
}
