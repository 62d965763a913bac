package io.camelgateway.component;

import org.apache.camel.Exchange;

/**
 * Hears of each provider call an llm: producer makes, once the call has ended: a plain answer when it arrived, a
 * stream when its last chunk (or its error) arrived. It runs on the provider client's thread: keep it short.
 */
@FunctionalInterface
public interface LlmCallListener {
    LlmCallListener NONE = (exchange, call) -> { };

    void ended(Exchange exchange, LlmCall call);

    /** This listener, then the other. */
    default LlmCallListener andThen(LlmCallListener other) {
        return (exchange, call) -> {
            ended(exchange, call);
            other.ended(exchange, call);
        };
    }
}
