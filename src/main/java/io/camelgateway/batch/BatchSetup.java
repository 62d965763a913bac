package io.camelgateway.batch;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import io.camelgateway.component.LlmComponent;
import io.camelgateway.store.Database;

/** Binds what routes/batches.camel.yaml calls, and starts the runner of batches with the context. */
public final class BatchSetup {
    /** How big a batch may be: gateway.batches.* in gateway-defaults.properties. */
    public record Limits(long maxFileBytes, int maxLines) {
    }

    private BatchSetup() {
    }

    /** @param llm the provider client a forwarded batch's calls use, and the listener of every provider call */
    public static void bind(CamelContext context, Database store, Limits limits, BatchRunner.Settings settings,
                            LlmComponent llm, BatchForwarder.Settings forwarding) {
        FileRepository files = new FileRepository(store);
        BatchRepository batches = new BatchRepository(store);
        BatchForwarder forwarder = new BatchForwarder(batches, new ForwardRepository(store), context, llm.getClient(),
                forwarding);
        context.getRegistry().bind("batchFiles", new FilesEndpoint(files, limits.maxFileBytes(), limits.maxLines()));
        context.getRegistry().bind("batches", new BatchesEndpoint(batches, files, limits.maxLines(), forwarder));
        context.getRegistry().bind("unstreamedRequest", new UnstreamedRequest());
        context.getRegistry().bind("batchForwarder", forwarder);
        context.getRegistry().bind("forwardedAnswer", new ForwardedAnswer(llm::getCallListener));
        BatchRunner runner = new BatchRunner(batches, context, settings);
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    runner.halt(); // before the routes stop: a line cut short then is not its answer
                    forwarder.halt();
                }
            }
        });
        try {
            context.addService(runner, true, true);
            context.addService(forwarder, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the batch runner", e);
        }
    }
}
