package io.camelgateway.config;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/** Resources the gateway opens that must close (threads end, files flush) when its Camel context stops. */
public final class StopWithContext {
    private StopWithContext() {
    }

    /** Closes these resources, in this order, when the context stops. */
    public static void close(CamelContext context, AutoCloseable... resources) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    for (AutoCloseable resource : resources) {
                        resource.close();
                    }
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register what closes when the context stops", e);
        }
    }
}
