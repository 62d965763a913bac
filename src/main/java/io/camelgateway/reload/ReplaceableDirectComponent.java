package io.camelgateway.reload;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.component.direct.DirectConsumer;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.util.StringHelper;

/**
 * Camel's direct: component, with a producer that never calls a route whose consumer was suspended or stopped.
 * Camel 4.18's DirectProducer caches the consumer it found and, when the component's consumers change, records
 * the new state before it looks the consumer up again; while that look-up blocks (the route is being replaced),
 * the other threads sharing the producer see the new state with the old consumer and enter the old route, which
 * the reload then stops under them ("SendProcessor has not been started"). This producer looks the consumer up
 * on every call, and counts the callers between that look-up and their entry into the route, so a replacement
 * can wait for them instead of guessing how long they take.
 */
public class ReplaceableDirectComponent extends DirectComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DirectEndpoint endpoint = new ReplaceableDirectEndpoint(uri, this);
        endpoint.setBlock(isBlock());
        endpoint.setTimeout(getTimeout());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** How many callers picked this route's direct: consumer and have not yet entered the route. */
    public static int entering(Consumer consumer) {
        return consumer instanceof CountedConsumer counted ? counted.entering.get() : 0;
    }

    static final class ReplaceableDirectEndpoint extends DirectEndpoint {
        private final String key;

        ReplaceableDirectEndpoint(String uri, DirectComponent component) {
            super(uri, component);
            this.key = StringHelper.before(uri, "?", uri); // as DirectEndpoint names its consumer
        }

        @Override
        public Producer createProducer() {
            return new CurrentConsumerProducer(this);
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            CountedConsumer consumer = new CountedConsumer(this, processor, key);
            configureConsumer(consumer);
            return consumer;
        }
    }

    static final class CountedConsumer extends DirectConsumer {
        private final AtomicInteger entering = new AtomicInteger();

        CountedConsumer(DirectEndpoint endpoint, Processor processor, String key) {
            super(endpoint, processor, key);
        }

        /** Whether a caller may still enter: counted first, so a suspension either sees it or is seen by it. */
        boolean enter() {
            entering.incrementAndGet();
            if (isRunAllowed() && !isSuspendingOrSuspended()) {
                return true;
            }
            entering.decrementAndGet();
            return false;
        }

        void entered() {
            entering.decrementAndGet();
        }
    }

    static final class CurrentConsumerProducer extends DefaultAsyncProducer {
        private final DirectEndpoint endpoint;

        CurrentConsumerProducer(DirectEndpoint endpoint) {
            super(endpoint);
            this.endpoint = endpoint;
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            try {
                while (true) {
                    DirectConsumer consumer = endpoint.getConsumer(); // waits for one while the route is replaced
                    if (consumer == null) {
                        if (endpoint.isFailIfNoConsumers()) {
                            exchange.setException(new DirectConsumerNotAvailableException(
                                    "No consumers available on endpoint: " + endpoint, exchange));
                        }
                        callback.done(true);
                        return true;
                    }
                    if (!(consumer instanceof CountedConsumer counted)) {
                        return enter(consumer, exchange, callback);
                    }
                    if (!counted.enter()) {
                        Thread.onSpinWait(); // being suspended: it leaves the component's consumers in a moment
                        continue;
                    }
                    try {
                        return enter(counted, exchange, callback);
                    } finally {
                        counted.entered(); // the route's policies have counted the exchange by now
                    }
                }
            } catch (Exception e) {
                exchange.setException(e);
                callback.done(true);
                return true;
            }
        }

        private boolean enter(DirectConsumer consumer, Exchange exchange, AsyncCallback callback) throws Exception {
            if (endpoint.isSynchronous()) {
                consumer.getProcessor().process(exchange);
                callback.done(true);
                return true;
            }
            AsyncProcessor route = AsyncProcessorConverterHelper.convert(consumer.getProcessor());
            return route.process(exchange, callback);
        }
    }
}
