package io.camelgateway.routing;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.Json;

/**
 * The dry run's answer ({@code POST /v1/routing/dry-run}): the routing decision, to which each step after it adds
 * what it would do under a field of its own ({@code "cache": {...}}). As a route step, last of the dry run: what
 * each guardrail step before it would do (exchange property CamelGatewayGuardrails) added as {@code "guardrails"}.
 */
public class DryRunAnswer implements Processor {
    @Override
    public void process(Exchange exchange) {
        Map<?, ?> guardrails = exchange.getProperty(GatewayConstants.GUARDRAILS, Map.class);
        if (guardrails != null) {
            add(exchange, "guardrails", guardrails);
        }
    }

    /** A guardrail's explain step: what it would do with the request, put under its name in "guardrails". */
    public static void guardrail(Exchange exchange, String name, Map<String, Object> view) {
        @SuppressWarnings("unchecked")
        Map<String, Object> guardrails = exchange.getProperty(GatewayConstants.GUARDRAILS, Map.class);
        if (guardrails == null) {
            guardrails = new LinkedHashMap<>();
            exchange.setProperty(GatewayConstants.GUARDRAILS, guardrails);
        }
        guardrails.put(name, view);
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
