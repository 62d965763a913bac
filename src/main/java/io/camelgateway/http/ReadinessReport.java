package io.camelgateway.http;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.config.GatewayConfig;
import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.resilience.PoolDirectory;
import io.camelgateway.resilience.ProviderBreakers;

/**
 * Route step for /health/ready: the gateway is ready, whether each provider's credential is set (or not needed),
 * the state of every provider's circuit breaker that has been used, and each pool's strategy, requests, failovers and members.
 */
public class ReadinessReport implements Processor {
    private final GatewayConfig config;
    private final CredentialStore credentials;
    private final ProviderBreakers breakers;
    private final PoolDirectory pools;

    public ReadinessReport(GatewayConfig config, CredentialStore credentials, ProviderBreakers breakers,
                           PoolDirectory pools) {
        this.config = config;
        this.credentials = credentials;
        this.breakers = breakers;
        this.pools = pools;
    }

    @Override
    public void process(Exchange exchange) {
        Map<String, String> providers = new LinkedHashMap<>();
        config.providers().values().forEach(p -> providers.put(p.name(),
                credentials.status(p.name(), p.credential())));
        exchange.getMessage().setBody(Map.of("status", "UP", "providers", providers,
                "circuitBreakers", breakers.states(), "pools", pools.stats()));
    }
}
