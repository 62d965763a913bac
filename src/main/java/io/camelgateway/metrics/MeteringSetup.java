package io.camelgateway.metrics;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;

import io.camelgateway.audit.AuditFlushAtStop;
import io.camelgateway.audit.AuditLog;
import io.camelgateway.audit.AuditText;
import io.camelgateway.component.LlmComponent;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.embedding.LocalEmbeddings;
import io.camelgateway.metering.RequestEndListener;
import io.camelgateway.metering.UsageHeaders;
import io.camelgateway.resilience.PoolDirectory;
import io.camelgateway.resilience.ProviderBreakers;

/** The meters, the metrics endpoint and what hears of each request's end (usage store, audit log), for the routes. */
public final class MeteringSetup {
    private MeteringSetup() {
    }

    /**
     * The meters on a Prometheus registry (the application's own if it bound one), which camel-micrometer's
     * micrometer: endpoints in the routes use too, and the route steps that fill and serve them.
     */
    public static GatewayMetrics bindMetrics(CamelContext context, GatewayConfig config, PoolDirectory pools,
                                             ProviderBreakers breakers, LlmComponent llm) {
        Registry registry = context.getRegistry();
        PrometheusMeterRegistry meters = meters(context);
        List<String> otherModels = new ArrayList<>(List.of(LocalEmbeddings.MODEL_ID));
        otherModels.addAll(List.of(context.resolvePropertyPlaceholders("{{gateway.routing.models:auto}}")
                .split(",")));
        GatewayMetrics metrics = new GatewayMetrics(meters, new ModelLabels(config, otherModels, pools::names),
                config.prices());
        metrics.watchBreakers(breakers, config.providers().keySet());
        registry.bind("gatewayMetrics", metrics);
        registry.bind("usageHeaders", new UsageHeaders());
        registry.bind("metricsEndpoint", new MetricsEndpoint(meters));
        if (llm.getQueues() != null) {
            new ProviderQueueMetrics(meters).watch(llm.getQueues());
        }
        return metrics;
    }

    /**
     * What hears of each request once its answer has ended: the usage store, and the audit log unless
     * gateway.audit.uri is none.
     */
    public static RequestEndListener requestEndListeners(CamelContext context, RequestEndListener usageRecorder) {
        PrometheusMeterRegistry meters = meters(context);
        AuditLog audit = new AuditLog(Integer.parseInt(context.resolvePropertyPlaceholders(
                "{{gateway.audit.queue-size}}").trim()), meters);
        context.getRegistry().bind("auditLog", audit); // the audit-log route's step, which stays idle without records
        boolean text = Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{gateway.audit.include-text}}"));
        context.getRegistry().bind("auditPrompt", new AuditText(AuditText.Part.PROMPT, text));
        context.getRegistry().bind("auditAnswer", new AuditText(AuditText.Part.ANSWER, text));
        String auditUri = context.resolvePropertyPlaceholders("{{gateway.audit.uri}}").trim();
        if (auditUri.isEmpty() || "none".equals(auditUri)) {
            return usageRecorder;
        }
        context.getManagementStrategy().addEventNotifier(new AuditFlushAtStop(context, audit));
        return record -> {
            usageRecorder.ended(record);
            audit.ended(record);
        };
    }

    /** The meters' registry: the application's own Prometheus registry if it bound one, else a new one. */
    public static PrometheusMeterRegistry meters(CamelContext context) {
        Registry registry = context.getRegistry();
        PrometheusMeterRegistry meters = registry.findSingleByType(PrometheusMeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        return meters;
    }
}
