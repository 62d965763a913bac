package io.camelgateway.resilience;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;

/**
 * Gives every route, the users' own included, a {@link FailureToCaller} policy: whatever error handler a route
 * declares (Camel's default one when it declares none), a failure it gives up on reaches the calling route, and
 * the ingress answers it in OpenAI's error shape instead of a Java exception string.
 */
public class FailuresToCaller implements RoutePolicyFactory {

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new FailureToCaller(); // one per route: a shared policy would stop with the first route removed
    }
}
