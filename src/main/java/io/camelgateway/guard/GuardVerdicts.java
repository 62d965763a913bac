package io.camelgateway.guard;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;

import io.camelgateway.api.Json;

/**
 * What each guardrail would do with a request, for the routing dry run: each guard's explain step puts its
 * verdict here under its name, and {@link #addToAnswer} adds them all to the dry run's answer as "guards".
 */
public final class GuardVerdicts {
    /** Exchange property: the verdicts so far, by guard name. */
    public static final String PROPERTY = "CamelGatewayGuardVerdicts";

    public static void put(Exchange exchange, String guard, Map<String, Object> verdict) {
        @SuppressWarnings("unchecked")
        Map<String, Object> verdicts = exchange.getProperty(PROPERTY, Map.class);
        if (verdicts == null) {
            verdicts = new LinkedHashMap<>();
            exchange.setProperty(PROPERTY, verdicts);
        }
        verdicts.put(guard, verdict);
    }

    /** Route step after the dry run's decision: the answer's fields, then "guards" with every verdict. */
    public void addToAnswer(Exchange exchange) {
        Map<?, ?> verdicts = exchange.getProperty(PROPERTY, Map.class);
        if (verdicts == null) {
            return;
        }
        Map<String, Object> answer = Json.MAPPER.convertValue(exchange.getMessage().getBody(),
                Json.MAPPER.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
        answer.put("guards", verdicts);
        exchange.getMessage().setBody(answer);
    }
}
