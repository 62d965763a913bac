package io.camelgateway.routing;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.Json;

/**
 * Route step, last of the routing dry run: the routing decision (the body) with what each guardrail step before it
 * would do (exchange property CamelGatewayGuardrails) added as {@code "guardrails"}.
 */
public class DryRunAnswer implements Processor {
    @Override
    public void process(Exchange exchange) {
        Map<?, ?> guardrails = exchange.getProperty(GatewayConstants.GUARDRAILS, Map.class);
        if (guardrails == null) {
            return;
        }
        ObjectNode answer = Json.MAPPER.valueToTree(exchange.getMessage().getBody());
        answer.set("guardrails", Json.MAPPER.valueToTree(guardrails));
        exchange.getMessage().setBody(answer);
    }
}
