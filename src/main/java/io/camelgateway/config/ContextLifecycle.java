package io.camelgateway.config;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * What the gateway does with its Camel context's start and stop: steps before the routes take requests, and
 * resources that must close (threads end, files flush) when it stops.
 */
public final class ContextLifecycle {
    private ContextLifecycle() {
    }

    /** Runs these, in this order, as the context starts, before its routes take requests. */
    public static void onStart(CamelContext context, Runnable... steps) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStart() {
                    for (Runnable step : steps) {
                        step.run();
                    }
                }
            }, false, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register the start-up's steps", e);
        }
    }

    /** Closes these resources, in this order, when the context stops. */
    public static void onStop(CamelContext context, AutoCloseable... resources) {
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
