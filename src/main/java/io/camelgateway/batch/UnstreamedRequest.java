package io.camelgateway.batch;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.api.ChatRequest;

/** Route step of a batch line: its answer is written to a file whole, so it is never asked for as a stream. */
public class UnstreamedRequest implements Processor {
    @Override
    public void process(Exchange exchange) {
        ChatRequest request = exchange.getMessage().getBody(ChatRequest.class);
        request.stream = null;
        request.streamOptions = null;
    }
}
