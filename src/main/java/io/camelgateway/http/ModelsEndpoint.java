package io.camelgateway.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.routing.ModelCatalog;

/** Route step for GET /v1/models and GET /v1/models/{id} (ids may hold a slash: openai/gpt-4o). */
public class ModelsEndpoint implements Processor {
    private final ModelCatalog catalog;

    public ModelsEndpoint(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void process(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
        String id = path.startsWith("/") ? path.substring(1) : path;
        id = URLDecoder.decode(id, StandardCharsets.UTF_8);
        exchange.getMessage().setBody(id.isEmpty() ? catalog.list() : catalog.describe(id));
    }
}
