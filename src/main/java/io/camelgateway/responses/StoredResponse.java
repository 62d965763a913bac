package io.camelgateway.responses;

import java.time.Instant;

/**
 * One stored response: the Response object as answered and the input items of its request, both JSON, with its
 * place in its conversation.
 *
 * @param depth             how many responses the conversation holds up to and with this one (1 for a first turn)
 * @param conversationBytes the bytes of this response and of every earlier one of its conversation
 * @param inputItems        a JSON array of the request's input items, each with its id
 * @param response          the Response object, whose output holds the output items
 */
public record StoredResponse(String id, String owner, String previousResponseId, Instant createdAt, int depth,
                             long conversationBytes, String inputItems, String response) {
}
