package io.camelgateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.http.JsonBodyReader;

/** Route step: reads an Anthropic Messages body into the canonical {@link ChatRequest} the chat flow takes. */
public class MessagesRequestReader implements Processor {

    @Override
    public void process(Exchange exchange) {
        ChatRequest request = MessagesRequest.read(JsonBodyReader.read(exchange, JsonNode.class), false);
        exchange.getMessage().setBody(request);
        // Where the request goes, until a route step (semantic routing, a pool) says otherwise.
        exchange.setProperty(GatewayConstants.ROUTED_MODEL, request.model);
    }
}
