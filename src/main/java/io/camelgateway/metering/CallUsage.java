package io.camelgateway.metering;

import java.util.Map;

import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;
import io.camelgateway.component.LlmCall;
import io.camelgateway.component.LlmCallListener;
import io.camelgateway.config.GatewayConfig;

/**
 * Adds each provider call's tokens, and their cost at gateway.yaml's prices, to its request's
 * {@link RequestRecord} (which every copy a pool or fan-out makes of the exchange shares).
 */
public final class CallUsage implements LlmCallListener {
    private final Map<String, GatewayConfig.Price> prices;

    /** @param prices by "provider/model" */
    public CallUsage(Map<String, GatewayConfig.Price> prices) {
        this.prices = prices;
    }

    @Override
    public void ended(Exchange exchange, LlmCall call) {
        RequestRecord record = exchange.getProperty(GatewayConstants.REQUEST_RECORD, RequestRecord.class);
        if (record != null) {
            record.add(call, cost(call));
        }
    }

    /** What the call cost in USD; 0 for a model without a price. */
    public double cost(LlmCall call) {
        GatewayConfig.Price price = prices.get(call.target().providerName() + "/" + call.target().upstreamModel());
        return price == null ? 0 : call.cost(price);
    }
}
