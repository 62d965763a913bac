package io.camelgateway.reload;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A route called through direct: while it is being replaced: its callers wait for it, none runs the old one. */
class ReplaceableDirectComponentTest {

    @Test
    void callersOfARouteBeingReplacedWaitForItInsteadOfRunningTheStoppedOne() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addComponent("direct", new ReplaceableDirectComponent());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:caller").routeId("caller").to("direct:callee");
                    from("direct:callee").routeId("callee").to("log:callee?level=OFF").setBody(constant("answered"));
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            assertEquals("answered", template.requestBody("direct:caller", "hi", String.class));

            // As a reload does: the old route stops, and for a moment no route serves direct:callee.
            context.getRouteController().stopRoute("callee");
            Future<String> first = callers.submit(() -> template.requestBody("direct:caller", "hi", String.class));
            Thread.sleep(300); // the first caller waits for a consumer
            Future<String> second = callers.submit(() -> template.requestBody("direct:caller", "hi", String.class));
            Thread.sleep(300);
            if (second.isDone()) {
                second.get(); // what it met in the stopped route: rejected, or "SendProcessor has not been started"
            }
            assertFalse(second.isDone(), "the second caller waits too, rather than entering the stopped route");
            context.getRouteController().startRoute("callee");

            assertEquals("answered", first.get(10, TimeUnit.SECONDS));
            assertEquals("answered", second.get(10, TimeUnit.SECONDS));
        } finally {
            callers.shutdownNow();
        }
    }
}
