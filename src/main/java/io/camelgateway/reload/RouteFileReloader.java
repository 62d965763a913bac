package io.camelgateway.reload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.http.NettyHttpEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteDefinitionHelper;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.EventHelper;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.http.IngressGate;
import io.camelgateway.resilience.PoolDirectory;

/**
 * Reloads an edited route file without ever leaving its flows down: the file's routes are built first (beans,
 * endpoints, processors) while the running ones keep serving, and only a file that builds replaces them. A file
 * that does not parse or build is reported (log and /health/ready) and its last good version keeps running; if
 * replacing still fails, the last good version is put back. Camel's own strategy stops the old routes first, so
 * one unknown bean took the chat flow down.
 */
public class RouteFileReloader extends RouteWatcherReloadStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReloader.class);
    /**
     * The longest the requests under way may keep a replacement waiting. Short: while a direct: route has no
     * consumer, its callers wait on their Netty event loops, and so does everything else on those loops.
     */
    private static final Duration DRAIN_LIMIT = Duration.ofMillis(500);
    /** Tries at draining before a file's routes are replaced with requests still inside them. */
    private static final int DRAIN_ATTEMPTS = 8;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    /** Time for a request that passed the ingress gate just before it closed to reach its route. */
    private static final Duration GATE_GRACE = Duration.ofMillis(100);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(1);

    private final RouteFileStatus status;
    /** Each file's content as last loaded, by resource location: what a failed replacement goes back to. */
    private final Map<String, String> lastGood = new ConcurrentHashMap<>();

    public RouteFileReloader(Path folder, String pattern, RouteFileStatus status) {
        super(folder.toString());
        setPattern(pattern);
        setRemoveAllRoutes(false);
        this.status = status;
        setResourceReload((name, resource) -> reload(resource));
    }

    @Override
    protected void doStart() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(getFolder()))) {
            for (Path file : files.filter(f -> getFileFilter() == null || getFileFilter().accept(f.toFile()))
                    .toList()) {
                lastGood.put(ResourceHelper.resolveResource(getCamelContext(), "file:" + file).getLocation(),
                        Files.readString(file));
            }
        }
        super.doStart();
    }

    void reload(Resource resource) {
        String file = Path.of(resource.getLocation().replaceFirst("^file:", "")).getFileName().toString();
        String content;
        try {
            content = read(resource);
        } catch (IOException gone) {
            LOG.warn("Route file {} can no longer be read; its routes keep running until a restart", file);
            return;
        }
        if (content.isBlank()) {
            return; // an editor truncates before it writes, and the write comes as an event of its own
        }
        if (content.equals(lastGood.get(resource.getLocation()))) {
            status.loaded(file); // back to what runs: nothing to replace
            return;
        }
        Set<String> replaced;
        try {
            replaced = build(resource);
        } catch (Exception e) {
            refuse(file, e, "its running routes keep serving");
            return;
        }
        drain(replaced, content);
        Set<String> ids;
        try {
            // Pool names, and requests for the file's HTTP routes, are held until its routes run again, new or
            // (on failure) last good ones.
            ids = holdingPoolNames(() -> holdingHttpRequests(replaced, file, () -> replaceOrRestore(resource, file)));
        } catch (Exception e) {
            LOG.error("Route file {}: its routes could not be replaced", file, e);
            return;
        }
        if (ids == null) {
            return;
        }
        lastGood.put(resource.getLocation(), content);
        status.loaded(file);
        LOG.info("Route file {} reloaded: {}", file, ids);
        int index = 1;
        for (String id : ids) {
            EventHelper.notifyRouteReloaded(getCamelContext(), getCamelContext().getRoute(id), index++, ids.size());
        }
    }

    /** The file's new routes, or null when they failed and its last good version was put back. */
    private Set<String> replaceOrRestore(Resource resource, String file) {
        try {
            return replace(resource);
        } catch (Exception e) {
            refuse(file, e, "its last good version is put back");
            restore(resource.getLocation(), file);
            return null;
        }
    }

    /**
     * Builds the file's routes as Camel would, without adding or starting them: what a reload would fail on
     * (an unknown bean, an endpoint that cannot be created, an invalid option) fails here, before anything stops.
     */
    private Set<String> build(Resource resource) throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        CamelContext context = getCamelContext();
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(List.of(resource))) {
            if (builder instanceof RouteBuilder routes) {
                for (RouteDefinition route : routes.configureRoutes(context).getRoutes()) {
                    RouteDefinitionHelper.initParent(route);
                    RouteDefinitionHelper.prepareRoute(context, route);
                    context.getCamelContextExtension().createRoute(route.getRouteId());
                    try {
                        model.getModelReifierFactory().createRoute(context, route);
                    } finally {
                        context.getCamelContextExtension().createRoute(null);
                    }
                    ids.add(route.getRouteId());
                }
                routes.getTemplatedRouteCollection().getTemplatedRoutes().forEach(t -> ids.add(t.getRouteId()));
            }
        }
        return ids;
    }

    /** Runs a replacement while the pool names known before it still count as pools. */
    private <T> T holdingPoolNames(Callable<T> replacement) throws Exception {
        PoolDirectory pools = getCamelContext().getRegistry().findSingleByType(PoolDirectory.class);
        return pools == null ? replacement.call() : pools.holdingNames(replacement);
    }

    /**
     * Runs a replacement of HTTP routes while the requests that arrive wait at the ingress gate: from the moment
     * Camel suspends such a route until its replacement starts, netty-http has no route for the path (an empty 503,
     * or the catch-all route's 404).
     */
    private <T> T holdingHttpRequests(Set<String> ids, String file, Callable<T> replacement) throws Exception {
        IngressGate gate = getCamelContext().getRegistry().findSingleByType(IngressGate.class);
        List<String> httpRoutes = ids.stream().filter(this::servesHttp).toList();
        if (gate == null || httpRoutes.isEmpty()) {
            return replacement.call();
        }
        long start = System.nanoTime();
        gate.close();
        try {
            // A request that passed the gate just before it closed gets in, and those inside leave before Camel's
            // stop looks: finding one, it looks again only a second later, and holds everyone meanwhile.
            Thread.sleep(GATE_GRACE.toMillis());
            settled(httpRoutes, inflight());
            return replacement.call();
        } finally {
            gate.open();
            LOG.info("Route file {}: HTTP requests were held {} ms while its routes were replaced", file,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    private boolean servesHttp(String id) {
        Route route = getCamelContext().getRoute(id);
        return route != null && route.getEndpoint() instanceof NettyHttpEndpoint;
    }

    /**
     * Replaces the file's routes: its route configurations, routes and route templates as Camel's routes loader
     * does, and then its templated routes, which that loader leaves as they were.
     */
    private Set<String> replace(Resource resource) throws Exception {
        CamelContext context = getCamelContext();
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(context).findRoutesBuilders(List.of(resource));
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteConfigurationsBuilder configurations) {
                configurations.updateRouteConfigurationsToCamelContext(context);
            }
        }
        Set<String> ids = new LinkedHashSet<>();
        for (RoutesBuilder builder : builders) {
            ids.addAll(builder.updateRoutesToCamelContext(context));
            if (builder instanceof RouteBuilder routes) {
                for (TemplatedRouteDefinition templated : routes.getTemplatedRouteCollection().getTemplatedRoutes()) {
                    String id = templated.getRouteId();
                    if (id != null && context.getRoute(id) != null) {
                        context.getRouteController().stopRoute(id);
                        context.removeRoute(id);
                    }
                    ids.add(id);
                }
                routes.addTemplatedRoutesToCamelContext(context);
            }
        }
        return ids;
    }

    /**
     * Lets the requests under way in the routes about to be replaced finish there. Camel stops a route once no
     * exchange is counted in it, but a caller that had already picked the route's direct: consumer enters a
     * moment later and meets stopped processors ("SendProcessor has not been started", or no answer at all).
     * Suspended first, a direct: route takes no new callers (they wait for the new route's consumer, as direct:
     * blocks), while the processors keep running for those already on their way in, whom
     * {@link ReplaceableDirectComponent} counts until the route's policy counts them inside. The file's routes that its
     * other routes call (member-call, say) are suspended last: the requests draining from the first ones still
     * need them. A request that cannot leave in time may be waiting for an event loop that a blocked caller holds,
     * so the routes are resumed and the drain tried again, a few times, before they are replaced regardless.
     */
    private void drain(Set<String> ids, String content) {
        List<String> callees = ids.stream().filter(id -> calledWithin(id, content)).toList();
        List<String> entries = ids.stream().filter(id -> !callees.contains(id)).toList();
        RouteInflight inflight = inflight();
        for (int attempt = 1; ; attempt++) {
            List<String> suspendedEntries = suspend(entries);
            boolean drained = settled(suspendedEntries, inflight);
            List<String> suspendedCallees = drained ? suspend(callees) : List.of();
            drained = drained && settled(suspendedCallees, inflight);
            if (drained || attempt == DRAIN_ATTEMPTS) {
                if (!drained) {
                    LOG.warn("Routes {} still had requests under way after {} tries; they are replaced anyway",
                            ids, DRAIN_ATTEMPTS);
                }
                stop(suspendedEntries);
                stop(suspendedCallees);
                return;
            }
            // Callers of a suspended route wait on their Netty event loops, and a request under way may need one
            // of those loops to finish (its provider call runs there): let everything run again, then retry.
            resume(suspendedCallees);
            resume(suspendedEntries);
            try {
                Thread.sleep(RETRY_PAUSE.toMillis() * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private RouteInflight inflight() {
        return getCamelContext().getRoutePolicyFactories().stream()
                .filter(RouteInflight.class::isInstance).map(RouteInflight.class::cast).findFirst().orElse(null);
    }

    /** Whether the file's own routes call this route's direct: endpoint (it appears beyond its own from:). */
    private boolean calledWithin(String id, String content) {
        Route route = getCamelContext().getRoute(id);
        if (route == null) {
            return false;
        }
        String uri = route.getEndpoint().getEndpointBaseUri().replace("://", ":");
        return content.indexOf(uri) != content.lastIndexOf(uri);
    }

    /** Suspends the started direct: routes among these: new callers wait, those inside go on. */
    private List<String> suspend(List<String> ids) {
        CamelContext context = getCamelContext();
        List<String> suspended = new ArrayList<>();
        for (String id : ids) {
            Route route = context.getRoute(id);
            if (route != null && "direct".equals(route.getEndpoint().getEndpointKey().split(":")[0])
                    && context.getRouteController().getRouteStatus(id) == ServiceStatus.Started) {
                try {
                    context.getRouteController().suspendRoute(id);
                    suspended.add(id);
                } catch (Exception e) {
                    LOG.warn("Route {} could not be suspended before its replacement: {}", id, e.getMessage());
                }
            }
        }
        return suspended;
    }

    /** Whether the requests inside these routes (suspended, or held at the ingress gate) all left in time. */
    private boolean settled(List<String> suspended, RouteInflight inflight) {
        if (suspended.isEmpty() || inflight == null) {
            return true; // embedded without GatewayConfiguration: Camel's own stop is all there is
        }
        CamelContext context = getCamelContext();
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        try {
            // A caller that picked the route's direct: consumer just before it was suspended is counted as entering
            // until the route's policy counts it inside.
            while (suspended.stream().anyMatch(id -> entering(context, id) > 0 || inflight.inside(context, id) > 0
                    || context.getInflightRepository().size(id) > 0)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static int entering(CamelContext context, String id) {
        Route route = context.getRoute(id);
        return route == null ? 0 : ReplaceableDirectComponent.entering(route.getConsumer());
    }

    private void resume(List<String> suspended) {
        for (String id : suspended) {
            try {
                getCamelContext().getRouteController().resumeRoute(id);
            } catch (Exception e) {
                LOG.warn("Route {} could not be resumed: {}", id, e.getMessage());
            }
        }
    }

    private void stop(List<String> suspended) {
        for (String id : suspended) {
            try {
                // Camel's own stop would wait up to its shutdown timeout (45 s): callers of a route without a
                // consumer wait on their Netty event loops, and requests on those loops cannot finish meanwhile.
                getCamelContext().getRouteController().stopRoute(id, STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("Route {} could not be stopped before its replacement: {}", id, e.getMessage());
            }
        }
    }

    private void restore(String location, String file) {
        String content = lastGood.get(location);
        if (content == null) {
            return; // a new file: nothing ran before it
        }
        try {
            replace(ResourceHelper.fromString(location, content));
            LOG.info("Route file {}: its last good version runs again", file);
        } catch (Exception e) {
            LOG.error("Route file {}: its last good version could not be put back either; its routes are down",
                    file, e);
            status.failed(file, "its routes are down: " + reason(e));
        }
    }

    private void refuse(String file, Exception e, String consequence) {
        String reason = reason(e);
        LOG.error("Route file {} not loaded ({}): {}", file, consequence, reason);
        status.failed(file, reason);
    }

    /** The innermost message, which names what is wrong (Camel wraps it in route-building exceptions). */
    private static String reason(Throwable e) {
        Throwable cause = e;
        StringBuilder reason = new StringBuilder(String.valueOf(e.getMessage()));
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            if (cause.getMessage() != null && !reason.toString().contains(cause.getMessage())) {
                reason.append(": ").append(cause.getMessage());
            }
        }
        return reason.toString();
    }

    private static String read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
