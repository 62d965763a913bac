package io.camelgateway.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import io.camelgateway.api.Json;

/**
 * The dry run's answer ({@code POST /v1/routing/dry-run}): the routing decision, to which each step after it adds
 * what it would do under a field of its own ({@code "cache": {...}}).
 */
public final class DryRunAnswer {
    private DryRunAnswer() {
    }

    /** Adds {@code field} to the answer in the body, turning the body into a JSON object first. */
    public static void add(Exchange exchange, String field, Object value) {
        Object body = exchange.getMessage().getBody();
        ObjectNode answer = body instanceof ObjectNode node ? node
                : body == null ? Json.object() : Json.MAPPER.valueToTree(body);
        answer.set(field, Json.MAPPER.valueToTree(value));
        exchange.getMessage().setBody(answer);
    }
}
