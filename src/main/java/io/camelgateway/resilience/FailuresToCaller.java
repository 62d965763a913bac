package io.camelgateway.resilience;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;

/**
 * Gives every route, the users' own included, the {@link FailureToCaller} policy: whatever error handler a route
 * declares (Camel's default one when it declares none), a failure it gives up on reaches the calling route, and
 * the ingress answers it in OpenAI's error shape instead of a Java exception string.
 */
public class FailuresToCaller implements RoutePolicyFactory {
    /** One for all routes: it holds no state, and Camel keeps each new policy as a context service for good. */
    private final FailureToCaller policy = new FailureToCaller();

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return policy;
    }
}
