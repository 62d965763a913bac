package io.camelgateway.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;

import io.camelgateway.ModelWarmUp;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.reload.RouteFileStatus;
import io.camelgateway.resilience.PoolDirectory;
import io.camelgateway.resilience.ProviderBreakers;
import io.camelgateway.resilience.ProviderQueues;

/**
 * Route step for /health/ready: whether the gateway can serve, whether each provider's credential is set (or not
 * needed), the state of every provider's circuit breaker that has been used, and each pool's strategy, requests,
 * failovers and members.
 * DOWN (503) when a route is not running or a flow the API needs has no route; WARMING_UP (503) while the local
 * models load in the background after the start (requests are served meanwhile: one that needs a model waits for
 * its load); DEGRADED (200) when a route file's last edit was not loaded, so its previous version still serves, or
 * when a local model did not load.
 */
public class ReadinessReport implements Processor {
    /** The flows the HTTP API hands requests to (routes/chat.camel.yaml, routes/providers.camel.yaml). */
    private static final List<String> FLOWS = List.of("direct://chat", "direct://embeddings", "direct://provider-call",
            "direct://provider-try");
    /** Camel's message lists the failing route's steps before the cause that names what is wrong: room for both. */
    private static final int MAX_REASON = 1000;

    private final GatewayConfig config;
    private final CredentialStore credentials;
    private final ProviderBreakers breakers;
    private final PoolDirectory pools;
    private final RouteFileStatus routeFiles;
    private final ProviderQueues queues;
    private final ModelWarmUp models;

    /**
     * @param queues the providers' own queues, shown as providerQueues when a provider has one; may be null
     * @param models the local models' loading after the start, shown as models
     */
    public ReadinessReport(GatewayConfig config, CredentialStore credentials, ProviderBreakers breakers,
                           PoolDirectory pools, RouteFileStatus routeFiles, ProviderQueues queues,
                           ModelWarmUp models) {
        this.queues = queues;
        this.models = models;
        this.config = config;
        this.credentials = credentials;
        this.breakers = breakers;
        this.pools = pools;
        this.routeFiles = routeFiles;
    }

    @Override
    public void process(Exchange exchange) {
        Map<String, String> providers = new LinkedHashMap<>();
        config.providers().values().forEach(p -> providers.put(p.name(),
                credentials.status(p.name(), p.credential())));

        List<String> down = new ArrayList<>();
        for (Route route : exchange.getContext().getRoutes()) {
            ServiceStatus status = exchange.getContext().getRouteController().getRouteStatus(route.getRouteId());
            if (status != ServiceStatus.Started) {
                down.add(route.getRouteId() + " (" + status + ")");
            }
        }
        Set<String> consumed = exchange.getContext().getRoutes().stream()
                .map(r -> r.getEndpoint().getEndpointUri()).collect(Collectors.toSet());
        FLOWS.stream().filter(flow -> !consumed.contains(flow)).forEach(flow -> down.add("no route from " + flow));
        Map<String, String> failedFiles = new LinkedHashMap<>();
        routeFiles.failures().forEach((file, reason) -> failedFiles.put(file,
                reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason));

        Map<String, String> modelStates = models.states();
        boolean warming = models.warming();
        boolean modelFailed = modelStates.values().stream().anyMatch(state -> state.startsWith(ModelWarmUp.FAILED));
        String status = !down.isEmpty() ? "DOWN" : warming ? "WARMING_UP"
                : !failedFiles.isEmpty() || modelFailed ? "DEGRADED" : "UP";
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", status);
        if (!down.isEmpty()) {
            report.put("routesDown", down);
        }
        if (!failedFiles.isEmpty()) {
            report.put("routeFilesNotLoaded", failedFiles);
        }
        report.put("providers", providers);
        report.put("circuitBreakers", breakers.states());
        if (queues != null && !queues.states().isEmpty()) {
            report.put("providerQueues", queues.states());
        }
        report.put("pools", pools.stats());
        report.put("models", modelStates);
        exchange.getMessage().setBody(report);
        if (!down.isEmpty() || warming) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
        }
    }
}
