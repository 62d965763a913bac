package io.camelgateway.resilience;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import io.camelgateway.GatewayConstants;

/**
 * The model names that are pools: every route that consumes from {@code direct:pool-<name>} makes {@code <name>}
 * a model callers can ask for, listed under /v1/models. Adding such a route to routes/ adds the pool; the list
 * is worked out again whenever routes are added, removed or reloaded.
 */
public class PoolDirectory extends EventNotifierSupport {
    private static final String PREFIX = "direct://pool-";

    private final CamelContext context;
    private volatile Set<String> names;
    private volatile Set<String> heldDuringReplacement;
    private final Set<ModelPool> running = ConcurrentHashMap.newKeySet();

    public PoolDirectory(CamelContext context) {
        this.context = context;
        setIgnoreExchangeEvents(true);
        context.getManagementStrategy().addEventNotifier(this);
    }

    /** Whether the model a request is routed to is a pool (a route step's predicate). */
    public boolean serves(Exchange exchange) {
        String model = exchange.getProperty(GatewayConstants.ROUTED_MODEL, String.class);
        return model != null && names().contains(model);
    }

    public Set<String> names() {
        Set<String> held = heldDuringReplacement;
        if (held != null) {
            return held;
        }
        Set<String> current = names;
        if (current == null) {
            Set<String> found = new TreeSet<>();
            for (Route route : context.getRoutes()) {
                String uri = route.getEndpoint().getEndpointUri();
                if (uri.startsWith(PREFIX)) {
                    String name = uri.substring(PREFIX.length());
                    int query = name.indexOf('?');
                    found.add(query < 0 ? name : name.substring(0, query));
                }
            }
            names = current = Collections.unmodifiableSet(found); // sorted, as /v1/models lists them
        }
        return current;
    }

    /**
     * Runs the replacement of a route file's routes with the pool names as they were before it: a pool route is
     * removed and then added again, and a request in between would otherwise be told its model does not exist.
     * Such a request goes to its pool's direct: endpoint, which waits for the new route.
     */
    public <T> T holdingNames(Callable<T> replacement) throws Exception {
        heldDuringReplacement = names();
        try {
            return replacement.call();
        } finally {
            heldDuringReplacement = null;
            names = null;
        }
    }

    /** Each running load-balanced pool's strategy and counts ({@link ModelPool#stats}), by pool name. */
    public Map<String, Object> stats() {
        Map<String, Object> stats = new TreeMap<>();
        running.forEach(p -> stats.put(p.getName(), p.stats()));
        return stats;
    }

    /**
     * A pool's load balancer started with its route. The registry is not where to look: checking an edited route
     * file binds the file's new pool beans there before they run, or when they never will.
     */
    void started(ModelPool pool) {
        running.add(pool);
    }

    void stopped(ModelPool pool) {
        running.remove(pool);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        names = null;
    }
}
