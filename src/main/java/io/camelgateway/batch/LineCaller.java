package io.camelgateway.batch;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;
import io.camelgateway.http.RequestIds;
import io.camelgateway.security.CallerIdentity;

/**
 * Runs one batch line through the gateway's own flow (routes/batches.camel.yaml, direct:batch-line: policy,
 * limits, routing, the provider call, metering), as its batch's caller, and gives its answer; or null when the
 * line should be tried again later, because the gateway itself had no room for it (its provider queues, its
 * routes being replaced) or a rate limit or budget that will let it through later, rather than the request
 * failing.
 */
class LineCaller {
    static final String ENDPOINT = "direct:batch-line";
    private static final Set<String> TRY_LATER = Set.of(GatewayException.OVERLOADED,
            GatewayException.PROVIDER_QUEUE_FULL, GatewayException.PROVIDER_QUEUE_TIMEOUT,
            GatewayException.PROVIDER_BUSY, "gateway_reloading");

    private final ProducerTemplate template;

    LineCaller(ProducerTemplate template) {
        this.template = template;
    }

    BatchRepository.Answer call(CallerIdentity caller, BatchRepository.PendingLine line) {
        String requestId = RequestIds.generate();
        Exchange done = template.send(ENDPOINT, exchange -> {
            exchange.setProperty(GatewayConstants.CALLER, caller);
            exchange.setProperty(GatewayConstants.REQUEST_ID, requestId);
            exchange.getMessage().setHeader(Exchange.HTTP_URI, line.url());
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getMessage().setBody(line.request().getBytes(StandardCharsets.UTF_8));
        });
        if (done.getException() != null) {
            return null; // not even the route's error handling ran: the route was away (being reloaded, stopping)
        }
        Throwable failure = done.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof GatewayException g && (TRY_LATER.contains(g.code())
                || g.status() == 429 && g.retryAfter() != null)) {
            return null;
        }
        int status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        return new BatchRepository.Answer(line.lineNo(), line.customId(), status, requestId,
                done.getMessage().getBody(String.class));
    }
}
