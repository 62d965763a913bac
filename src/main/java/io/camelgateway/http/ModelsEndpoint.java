package io.camelgateway.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.api.ModelList;
import io.camelgateway.policy.ModelAccess;
import io.camelgateway.policy.PolicyRefusals;
import io.camelgateway.policy.TeamPolicy;
import io.camelgateway.routing.ModelCatalog;

/**
 * Route step for GET /v1/models and GET /v1/models/{id} (ids may hold a slash: openai/gpt-4o). Under a policy the
 * caller sees only the models their team may use.
 */
public class ModelsEndpoint implements Processor {
    private final ModelCatalog catalog;
    private final ModelAccess access;

    public ModelsEndpoint(ModelCatalog catalog, ModelAccess access) {
        this.catalog = catalog;
        this.access = access;
    }

    @Override
    public void process(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
        String id = path.startsWith("/") ? path.substring(1) : path;
        id = URLDecoder.decode(id, StandardCharsets.UTF_8);
        TeamPolicy team = access.teamOf(exchange);
        if (id.isEmpty()) {
            ModelList all = catalog.list();
            exchange.getMessage().setBody(team == null ? all : new ModelList(all.data.stream()
                    .filter(m -> access.whyNot(team, m.id).isEmpty()).toList()));
        } else if (team != null && access.whyNot(team, id).isPresent()) {
            throw PolicyRefusals.modelNotAllowed(id);
        } else {
            exchange.getMessage().setBody(catalog.describe(id));
        }
    }
}
