package io.camelgateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.Json;
import io.camelgateway.http.JsonBodyReader;
import io.camelgateway.metering.TokenEstimate;

/**
 * Route step for POST /v1/messages/count_tokens: {"input_tokens": N} for a Messages body, counted by the gateway
 * with OpenAI's encodings ({@link TokenEstimate}): an estimate, since no provider is asked and each has its own
 * tokenizer. Tool definitions count as their JSON text.
 */
public class TokenCounter implements Processor {

    @Override
    public void process(Exchange exchange) {
        ChatRequest request = MessagesRequest.read(JsonBodyReader.read(exchange, JsonNode.class), true);
        int tokens = TokenEstimate.chat(request, "", 0).promptTokens;
        if (request.tools != null && !request.tools.isEmpty()) {
            tokens += TokenEstimate.text(request.model, Json.writeString(Json.MAPPER.valueToTree(request.tools)));
        }
        exchange.getMessage().setBody(Json.write(Json.object().put("input_tokens", tokens)));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }
}
