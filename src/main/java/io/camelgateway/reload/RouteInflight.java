package io.camelgateway.reload;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Counts the requests inside each route, as a policy every route gets: what a route file's replacement waits
 * for. Camel's inflight repository counts an exchange in the route it came in by (an ingress route), not in the
 * direct: routes it goes through, so Camel stops those while requests are still in them.
 * Counts belong to a route instance, not its id: a request that never left a replaced route (stopped by force)
 * must not make every later version of that route look busy.
 */
public class RouteInflight extends RoutePolicySupport implements RoutePolicyFactory {
    private final Map<Route, LongAdder> inside = new ConcurrentHashMap<>();

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return this; // one for all routes: Camel keeps each new policy as a context service for good
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        inside.computeIfAbsent(route, r -> new LongAdder()).increment();
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        LongAdder count = inside.get(route);
        if (count != null) {
            count.decrement();
        }
    }

    @Override
    public void onRemove(Route route) {
        inside.remove(route);
    }

    /** How many requests are inside the running route with this id now. */
    public long inside(CamelContext context, String routeId) {
        Route route = context.getRoute(routeId);
        LongAdder count = route == null ? null : inside.get(route);
        return count == null ? 0 : count.sum();
    }
}
