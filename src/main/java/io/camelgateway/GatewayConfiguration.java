package io.camelgateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.sun.management.UnixOperatingSystemMXBean;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.component.LlmComponent;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.credentials.CredentialEnricher;
import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.embedding.LocalEmbeddings;
import io.camelgateway.embedding.SentenceEmbedder;
import io.camelgateway.fanout.Consensus;
import io.camelgateway.fanout.FanOutCollector;
import io.camelgateway.http.ChatRequestReader;
import io.camelgateway.http.EmbeddingRequestReader;
import io.camelgateway.http.GatewayHeaderFilterStrategy;
import io.camelgateway.http.GatewayHttpBinding;
import io.camelgateway.http.IngressGuard;
import io.camelgateway.http.IngressLimits;
import io.camelgateway.http.ModelsEndpoint;
import io.camelgateway.http.OpenAiErrorResponder;
import io.camelgateway.http.ReadinessReport;
import io.camelgateway.http.RequestSequencer;
import io.camelgateway.http.ResponseWriter;
import io.camelgateway.http.UnknownUrl;
import io.camelgateway.provider.ProviderClient;
import io.camelgateway.provider.UpstreamSettings;
import io.camelgateway.reload.RouteFileStatus;
import io.camelgateway.reload.RouteInflight;
import io.camelgateway.resilience.FailureToCaller;
import io.camelgateway.resilience.FailuresToCaller;
import io.camelgateway.resilience.PoolDirectory;
import io.camelgateway.resilience.ProviderBreakers;
import io.camelgateway.resilience.RetryPolicy;
import io.camelgateway.routing.ModelCatalog;
import io.camelgateway.routing.ModelResolver;
import io.camelgateway.routing.semantic.SemanticRoutingSetup;
import io.camelgateway.security.AuthSetup;
import io.camelgateway.security.CallerAuthenticator;

/**
 * Binds the beans and the llm: component that the routes in routes/ call, from gateway.yaml, after adding the
 * defaults of the gateway.* properties ({@link GatewayDefaults}). camel-main runs it at start-up; an existing
 * Camel application can call {@link #configure} on its own context the same way (docs/embedding.md).
 */
public class GatewayConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);
    /** The registry name of the {@link RouteFileStatus} that route reloading fills and /health/ready reports. */
    public static final String ROUTE_FILE_STATUS = "routeFileStatus";

    private final UnaryOperator<String> environment;

    public GatewayConfiguration() {
        this(GatewayConfigLoader.environment());
    }

    public GatewayConfiguration(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    @Override
    public void configure(CamelContext context) {
        GatewayDefaults.addTo(context);
        GatewayConfig config;
        try {
            config = new GatewayConfigLoader(environment).load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the gateway configuration", e);
        }
        CredentialStore credentials = new CredentialStore(environment);
        PoolDirectory pools = new PoolDirectory(context);
        ModelCatalog catalog = new ModelCatalog(config, List.of(LocalEmbeddings.MODEL_ID), pools::names);
        CallerAuthenticator authenticator = new CallerAuthenticator(
                AuthSetup.schemes(config, callerKeys(config, credentials), credentials, context));
        long maxBody = (long) number(context, "gateway.max-body-bytes");
        int upstreamThreads = (int) number(context, "gateway.upstream-threads");

        Registry registry = context.getRegistry();
        registry.bind("gatewayConfig", config);
        registry.bind("credentialStore", credentials);
        registry.bind("modelCatalog", catalog);
        registry.bind("callerAuthenticator", authenticator);
        registry.bind("chatRequestReader", new ChatRequestReader());
        registry.bind("embeddingRequestReader", new EmbeddingRequestReader());
        registry.bind("modelResolver", new ModelResolver(catalog));
        registry.bind("credentialEnricher", new CredentialEnricher(credentials));
        registry.bind("responseWriter", new ResponseWriter());
        registry.bind("openAiErrors", new OpenAiErrorResponder());
        registry.bind("modelsEndpoint", new ModelsEndpoint(catalog));
        registry.bind("requestSequencer", new RequestSequencer());
        IngressLimits ingress = new IngressLimits(maxBody,
                connectionLimit((int) number(context, "gateway.ingress.max-connections")),
                millis(context, "gateway.ingress.idle-timeout-ms"),
                millis(context, "gateway.ingress.head-timeout-ms"),
                millis(context, "gateway.ingress.body-timeout-ms"));
        registry.bind("ingressGuard", new IngressGuard(ingress, authenticator));
        registry.bind("unknownUrl", new UnknownUrl());
        registry.bind("gatewayHttpBinding", new GatewayHttpBinding());
        registry.bind("gatewayHeaderFilter", new GatewayHeaderFilterStrategy());
        ProviderBreakers breakers = new ProviderBreakers(new ProviderBreakers.Settings(
                (float) number(context, "gateway.breaker.failure-rate-percent"),
                (int) number(context, "gateway.breaker.window-calls"),
                (int) number(context, "gateway.breaker.minimum-calls"),
                millis(context, "gateway.breaker.open-ms"),
                (int) number(context, "gateway.breaker.half-open-calls")),
                config.providers());
        registry.bind("providerBreakers", breakers);
        registry.bind("retryPolicy", new RetryPolicy(new RetryPolicy.Settings(
                (int) number(context, "gateway.retry.max-retries"),
                millis(context, "gateway.retry.base-delay-ms"),
                millis(context, "gateway.retry.max-delay-ms"),
                millis(context, "gateway.retry.budget-ms"))));
        context.addRoutePolicyFactory(new FailuresToCaller());
        context.addRoutePolicyFactory(new RouteInflight());
        registry.bind("failureToCaller", new FailureToCaller()); // route files that still name it keep loading
        registry.bind("pools", pools);
        registry.bind("consensus", new Consensus(catalog));
        registry.bind("fanOutCollector", new FanOutCollector());
        registry.bind("llm", new LlmComponent(config.providers(), new ProviderClient(upstreamThreads,
                upstreamSettings(context)), breakers, credentials));
        RouteFileStatus routeFiles = new RouteFileStatus();
        registry.bind(ROUTE_FILE_STATUS, routeFiles);
        registry.bind("readinessReport", new ReadinessReport(config, credentials, breakers, pools, routeFiles));
        Lazy<SentenceEmbedder> embedder = new Lazy<>(() -> SentenceEmbedder.load(2));
        registry.bind("localEmbeddings", new LocalEmbeddings(embedder));
        registry.bind("intentRouting", SemanticRoutingSetup.intentRouting(context, environment, embedder));

        report(config, credentials);
    }

    private static UpstreamSettings upstreamSettings(CamelContext context) {
        return new UpstreamSettings(
                (int) number(context, "gateway.upstream.max-connections-per-host"),
                millis(context, "gateway.upstream.connection-wait-ms"),
                millis(context, "gateway.upstream.idle-timeout-ms"),
                (int) number(context, "gateway.upstream.max-answer-bytes"),
                (int) number(context, "gateway.upstream.max-event-bytes"),
                (int) number(context, "gateway.upstream.stream-buffer-bytes"));
    }

    /** A numeric gateway property: the application's, or its environment variable, or gateway-defaults'. */
    private static double number(CamelContext context, String key) {
        String value = context.resolvePropertyPlaceholders("{{" + key + "}}");
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a number");
        }
    }

    private static Duration millis(CamelContext context, String key) {
        return Duration.ofMillis((long) number(context, key));
    }

    /** Keys from gateway.yaml, plus GATEWAY_API_KEYS (comma-separated). */
    private List<GatewayConfig.CallerKey> callerKeys(GatewayConfig config, CredentialStore credentials) {
        List<GatewayConfig.CallerKey> keys = new ArrayList<>();
        for (GatewayConfig.CallerKey key : config.callerKeys()) {
            String value = credentials.secret(key.key());
            if (value != null && !value.isBlank()) {
                keys.add(new GatewayConfig.CallerKey(key.name(), value.trim(), key.team(), key.roles()));
            }
        }
        String fromEnv = environment.apply("GATEWAY_API_KEYS");
        if (fromEnv != null) {
            int i = 0;
            for (String value : fromEnv.split(",")) {
                if (!value.isBlank()) {
                    keys.add(new GatewayConfig.CallerKey("env-key-" + i++, value.trim()));
                }
            }
        }
        return keys;
    }

    /**
     * Each client connection is a file descriptor and may need a provider connection too: with more than half the
     * process's file limit in client connections, accepting fails before the gateway can answer a 503, and health
     * checks go unanswered.
     */
    private static int connectionLimit(int configured) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os
                && configured > os.getMaxFileDescriptorCount() / 2) {
            int affordable = (int) Math.min(Integer.MAX_VALUE, os.getMaxFileDescriptorCount() / 2);
            LOG.warn("gateway.ingress.max-connections is {}, but the process may open only {} files: serving at most "
                    + "{} client connections. Raise the limit (ulimit -n) to serve more.", configured,
                    os.getMaxFileDescriptorCount(), affordable);
            return affordable;
        }
        return configured;
    }

    private static void report(GatewayConfig config, CredentialStore credentials) {
        config.providers().values().forEach(p -> {
            if (credentials.resolve(p.name(), p.credential()).isPresent()) {
                // Nothing is sent to a provider before a request needs it: this says nothing of whether it answers.
                LOG.info("Provider {} ({} format) at {}: {}", p.name(), p.format(), p.base(),
                        credentials.status(p.name(), p.credential()));
            } else {
                LOG.warn("Provider {} is unconfigured: no credential ({}); requests to it get 503", p.name(),
                        p.credential());
            }
        });
    }
}
