package io.camelgateway.fanout;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.GatewayException;

/**
 * The aggregation strategy of a fan-out's recipient list: records each member's answer or error in the request's
 * {@link FanOut}, so one failing member never fails the request. In a hedged fan-out the first success settles it,
 * which cancels the members still under way; a stream that comes in after that is closed.
 */
public class FanOutCollector implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        FanOut fanOut = fanOut(newExchange);
        Throwable failure = newExchange.getException();
        GatewayException error = failure == null ? null : failure instanceof GatewayException g ? g
                : new GatewayException(502, "server_error", "upstream_error", failure.getClass().getSimpleName());
        Object body = failure == null ? newExchange.getMessage().getBody() : null;
        Integer index = newExchange.getProperty(ExchangePropertyKey.MULTICAST_INDEX, Integer.class);
        boolean kept = fanOut.add(index == null ? 0 : index, member(newExchange), body, error);
        if (!kept && body instanceof ChatStream late) {
            late.cancel();
        }
        if (fanOut.hedged() && error == null) {
            fanOut.settle();
        }
        newExchange.setException(null);
        return oldExchange == null ? newExchange : oldExchange;
    }

    @Override
    public void timeout(Exchange exchange, int index, int total, long timeout) {
        fanOut(exchange).timedOut(index);
    }

    private static FanOut fanOut(Exchange exchange) {
        FanOut fanOut = exchange.getProperty(GatewayConstants.FAN_OUT, FanOut.class);
        if (fanOut == null) {
            throw new IllegalStateException("No fan-out on the exchange: start it with the consensus bean's start "
                    + "step before the recipient list");
        }
        return fanOut;
    }

    /** "openai/gpt-4o-mini" for the recipient llm:openai?model=gpt-4o-mini; other recipients by their URI. */
    static String member(Exchange exchange) {
        String provider = exchange.getMessage().getHeader(GatewayConstants.HEADER_PROVIDER, String.class);
        String model = exchange.getMessage().getHeader(GatewayConstants.HEADER_MODEL, String.class);
        if (provider != null && model != null) {
            return provider + "/" + model;
        }
        String uri = exchange.getProperty(ExchangePropertyKey.RECIPIENT_LIST_ENDPOINT, String.class);
        return uri == null ? "?" : memberName(uri);
    }

    /** "openai/gpt-4o-mini" for the member llm:openai?model=gpt-4o-mini; other members by their URI. */
    public static String memberName(String uri) {
        String name = uri.replaceFirst("^llm:(//)?", "");
        int query = name.indexOf('?');
        if (query < 0 || !uri.startsWith("llm:")) {
            return name;
        }
        for (String param : name.substring(query + 1).split("&")) {
            if (param.startsWith("model=")) {
                return name.substring(0, query) + "/" + param.substring(6);
            }
        }
        return name.substring(0, query);
    }
}
