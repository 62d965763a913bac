package io.camelgateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.routing.ModelNames;

/** Route step: parses and validates an embeddings body into {@link EmbeddingRequest}. */
public class EmbeddingRequestReader implements Processor {

    @Override
    public void process(Exchange exchange) {
        EmbeddingRequest request = JsonBodyReader.read(exchange, EmbeddingRequest.class);
        if (request.model == null || request.model.isBlank()) {
            throw GatewayException.invalidRequest("model", "You must provide a model parameter.");
        }
        ModelNames.requireValid(request.model);
        JsonNode input = request.input;
        boolean valid = input != null && (input.isTextual() && !input.asText().isEmpty()
                || input.isArray() && !input.isEmpty());
        if (!valid) {
            throw GatewayException.invalidRequest("input",
                    "'input' must be a non-empty string, or a non-empty array of strings or token arrays.");
        }
        if (request.encodingFormat != null && !request.encodingFormat.equals("float")
                && !request.encodingFormat.equals("base64")) {
            throw GatewayException.invalidRequest("encoding_format", "'encoding_format' must be 'float' or 'base64'.");
        }
        exchange.getMessage().setBody(request);
    }
}
