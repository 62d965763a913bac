package io.camelgateway.metrics;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

import io.camelgateway.GatewayConstants;
import io.camelgateway.component.LlmConstants;
import io.camelgateway.provider.Target;
import io.camelgateway.resilience.PoolAttempts;

/**
 * Route step, first in an ingress route: counts the request when it ends (by team and status), with the time it
 * spent in the gateway outside its providers, and its retries or a pool's failovers. The provider calls add their
 * time to a counter this step puts on the exchange, which every copy a pool or fan-out makes shares.
 */
public class RequestMetering implements Processor {
    private final GatewayMetrics metrics;
    private final String operation;

    /** @param operation chat or embeddings: the label of the requests of the route this step is in */
    public RequestMetering(GatewayMetrics metrics, String operation) {
        this.metrics = metrics;
        this.operation = operation;
    }

    @Override
    public void process(Exchange exchange) {
        AtomicLong providerNanos = new AtomicLong();
        exchange.setProperty(LlmConstants.PROVIDER_NANOS, providerNanos);
        long start = System.nanoTime();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                Integer status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
                Target target = done.getProperty(GatewayConstants.TARGET, Target.class);
                long waitedMillis = done.getProperty(GatewayConstants.RETRY_WAITED, 0L, Long.class);
                metrics.requestEnded(operation, done, status == null ? 200 : status, System.nanoTime() - start,
                        providerNanos.get(), waitedMillis * 1_000_000, PoolAttempts.of(done),
                        done.getProperty(GatewayConstants.POOL, String.class),
                        target == null ? null : target.providerName());
            }
        });
    }
}
