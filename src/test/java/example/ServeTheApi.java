package example;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import io.camelgateway.GatewayConfiguration;
import io.camelgateway.GatewayRoutes;

/** An application that serves the gateway's OpenAI-compatible HTTP API from its own Camel context. */
public class ServeTheApi {

    public static void main(String[] args) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addInitialProperty("gateway.port", "8081"); // the app's own choice
            serve(context, new GatewayConfiguration());
            Thread.currentThread().join();
        }
    }

    public static void serve(CamelContext context, GatewayConfiguration gateway) throws Exception {
        gateway.configure(context);             // the beans, llm:, and a default for every gateway.* property
        context.addRoutes(new GatewayRoutes()); // /v1/chat/completions, /v1/embeddings, /v1/models, /health/*
        context.start();
    }
}
