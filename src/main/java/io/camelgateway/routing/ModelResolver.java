package io.camelgateway.routing;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.provider.Target;

/** Route step: sets the target provider and upstream model for the model a route chose, or else the caller named. */
public class ModelResolver implements Processor {
    private final ModelCatalog catalog;

    public ModelResolver(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        String routed = exchange.getProperty(GatewayConstants.ROUTED_MODEL, String.class);
        String model = routed != null ? routed
                : body instanceof ChatRequest chat ? chat.model
                : body instanceof EmbeddingRequest embedding ? embedding.model : null;
        Target target = catalog.resolve(model);
        exchange.setProperty(GatewayConstants.TARGET, target);
        exchange.setProperty(GatewayConstants.PROVIDER, target.providerName());
    }
}
