package io.camelgateway.http;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.config.GatewayConfig;
import io.camelgateway.credentials.CredentialStore;

/** Route step for /health/ready: the gateway is ready, and here is which providers have a credential. */
public class ReadinessReport implements Processor {
    private final GatewayConfig config;
    private final CredentialStore credentials;

    public ReadinessReport(GatewayConfig config, CredentialStore credentials) {
        this.config = config;
        this.credentials = credentials;
    }

    @Override
    public void process(Exchange exchange) {
        Map<String, String> providers = new LinkedHashMap<>();
        config.providers().values().forEach(p -> providers.put(p.name(),
                credentials.resolve(p.name(), p.credential()).isPresent() ? "configured" : "no credential"));
        exchange.getMessage().setBody(Map.of("status", "UP", "providers", providers));
    }
}
