package io.camelgateway.http;

import org.apache.camel.Exchange;

import io.camelgateway.api.AnthropicError;
import io.camelgateway.api.GatewayException;

/** onException step of the Messages ingress: like {@link OpenAiErrorResponder}, in Anthropic's error shape. */
public class AnthropicErrorResponder extends OpenAiErrorResponder {

    @Override
    protected Object body(Exchange exchange, GatewayException error) {
        return AnthropicError.of(error);
    }
}
