package io.camelgateway.http;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.api.ChatCompletionAsSent;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.Json;

/**
 * Route step: writes the canonical answer as JSON, once; an answer the provider sent in the caller's format goes as
 * it was sent ({@link ChatCompletionAsSent}). A {@link ChatStream} is left as it is: the HTTP binding sends it as
 * server-sent events.
 */
public class ResponseWriter implements Processor {

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof ChatStream || body instanceof byte[]) {
            return;
        }
        exchange.getMessage().setBody(body instanceof ChatCompletionAsSent asSent ? asSent.json() : Json.write(body));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }
}
