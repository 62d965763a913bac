package io.camelgateway.routing;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.GatewayException;
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
        String requested = body instanceof ChatRequest chat ? chat.model
                : body instanceof EmbeddingRequest embedding ? embedding.model : null;
        String routed = exchange.getProperty(GatewayConstants.ROUTED_MODEL, String.class);
        String model = routed != null ? routed : requested;
        Target target = model != null && !model.equals(requested)
                ? catalog.find(model).orElseThrow(() -> notConfigured(model, exchange))
                : catalog.resolve(model);
        exchange.setProperty(GatewayConstants.TARGET, target);
        exchange.setProperty(GatewayConstants.PROVIDER, target.providerName());
    }

    /** A route chose the model, not the caller: the gateway's configuration is at fault, and the caller is told. */
    private static GatewayException notConfigured(String model, Exchange exchange) {
        String intent = exchange.getProperty(GatewayConstants.INTENT, String.class);
        String chosen = intent != null ? "The intent '" + intent + "' routes to the model '" + model + "'"
                : "A route chose the model '" + model + "' for this request";
        return new GatewayException(500, "server_error", "routed_model_not_configured", chosen
                + ", which this gateway's configuration does not define (a provider/model or an alias in "
                + "gateway.yaml).");
    }
}
