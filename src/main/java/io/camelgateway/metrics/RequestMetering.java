package io.camelgateway.metrics;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.GatewayException;
import io.camelgateway.component.LlmConstants;
import io.camelgateway.metering.RequestEndListener;
import io.camelgateway.metering.RequestRecord;
import io.camelgateway.provider.Target;
import io.camelgateway.resilience.PoolAttempts;
import io.camelgateway.security.CallerIdentity;

/**
 * Route step, first in an ingress route: counts the request when it ends (by team and status), with the time it
 * spent in the gateway outside its providers, and its retries or a pool's failovers. The provider calls add their
 * time to a counter this step puts on the exchange, which every copy a pool or fan-out makes shares, and their
 * usage to the request's {@link RequestRecord}, which goes to the {@link RequestEndListener} once the answer has
 * ended: for a stream, when its last chunk (or its error) is in, not when the route returned.
 */
public class RequestMetering implements Processor {
    private final GatewayMetrics metrics;
    private final String operation;
    private final RequestEndListener ended;

    /** @param operation chat or embeddings: the label of the requests of the route this step is in */
    public RequestMetering(GatewayMetrics metrics, String operation) {
        this(metrics, operation, RequestEndListener.NONE);
    }

    public RequestMetering(GatewayMetrics metrics, String operation, RequestEndListener ended) {
        this.metrics = metrics;
        this.operation = operation;
        this.ended = ended;
    }

    @Override
    public void process(Exchange exchange) {
        AtomicLong providerNanos = new AtomicLong();
        exchange.setProperty(LlmConstants.PROVIDER_NANOS, providerNanos);
        RequestRecord record = new RequestRecord(exchange.getProperty(GatewayConstants.REQUEST_ID, String.class),
                operation, path(exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class)));
        exchange.setProperty(GatewayConstants.REQUEST_RECORD, record);
        long start = record.startNanos();
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
                RequestRecord.Outcome outcome = outcome(done, status == null ? 200 : status, target, record);
                if (done.getMessage().getBody() instanceof ChatStream stream) {
                    stream.onEnd(error -> end(record, outcome, error));
                } else {
                    end(record, outcome, null);
                }
            }
        });
    }

    private void end(RequestRecord record, RequestRecord.Outcome atReturn, GatewayException streamError) {
        RequestRecord.Outcome o = atReturn;
        // A stream's call ends after its route returned: its model and try are known only now.
        record.end(new RequestRecord.Outcome(o.caller(), o.team(), o.scheme(),
                o.requestedModel() == null ? record.requestedModel() : o.requestedModel(), o.intent(),
                o.tier(), o.pool(), Math.max(o.attempts(), record.calls()), o.provider(), o.servedModel(), o.status(),
                streamError == null ? o.errorCode() : streamError.code(), System.nanoTime() - record.startNanos()));
        ended.ended(record);
    }

    /** The URL's path, without its query. */
    private static String path(String uri) {
        if (uri == null) {
            return null;
        }
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /** What the exchange tells of the request once its route has returned. */
    private static RequestRecord.Outcome outcome(Exchange done, int status, Target target, RequestRecord record) {
        CallerIdentity caller = done.getProperty(GatewayConstants.CALLER, CallerIdentity.class);
        Throwable failure = done.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String errorCode = status < 400 ? null
                : failure instanceof GatewayException g && g.code() != null ? g.code() : "error";
        return new RequestRecord.Outcome(
                caller == null ? null : caller.name(),
                caller == null ? null : caller.team(),
                caller == null ? null : caller.scheme(),
                // Before any provider call (a refusal by policy), the model the request's body named.
                record.requestedModel() != null ? record.requestedModel()
                        : done.getProperty(GatewayConstants.ROUTED_MODEL, String.class),
                done.getProperty(GatewayConstants.INTENT, String.class),
                done.getMessage().getHeader(GatewayConstants.HEADER_TIER, String.class),
                done.getProperty(GatewayConstants.POOL, String.class),
                PoolAttempts.of(done) > 0 ? PoolAttempts.of(done) : record.calls(),
                target == null ? null : target.providerName(),
                target == null ? null : target.providerName() + "/" + target.upstreamModel(),
                status, errorCode, 0);
    }
}
