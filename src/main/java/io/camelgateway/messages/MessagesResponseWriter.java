package io.camelgateway.messages;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.Json;

/**
 * Route step of the Messages ingress: the canonical answer as Anthropic's Message, or a stream to be sent as
 * Anthropic's events (the HTTP binding writes it with {@link MessagesEvents}).
 */
public class MessagesResponseWriter implements Processor {

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof ChatStream) {
            exchange.setProperty(GatewayConstants.SSE_ENCODER, new MessagesEvents());
            return;
        }
        ChatCompletion completion = ChatCompletion.of(body);
        if (completion == null) {
            throw new IllegalStateException("The chat flow answered with "
                    + (body == null ? "nothing" : body.getClass().getSimpleName()) + ", not a chat completion.");
        }
        exchange.getMessage().setBody(Json.write(MessagesAnswer.of(completion)));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }
}
