package io.camelgateway.tracing;

import java.time.Duration;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Tracing with Camel's OpenTelemetry support (camel-opentelemetry2), exported over OTLP/HTTP: a span for each
 * request, each route and each endpoint it is sent to (so one per provider attempt, retries and a pool's tries
 * included), with W3C trace context read from the caller and passed to the providers.
 */
public final class OtlpTracing extends ServiceSupport {
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private final OpenTelemetrySdk sdk;

    private OtlpTracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    /**
     * Traces this context's exchanges and sends the spans to an OTLP/HTTP collector.
     *
     * @param endpoint the collector's traces URL, e.g. http://localhost:4318/v1/traces
     */
    public static void enable(CamelContext context, String endpoint) throws Exception {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME,
                        "camel-llm-gateway"))))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                                .setEndpoint(endpoint).build())
                        .setScheduleDelay(Duration.ofSeconds(1))
                        .build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        // camel-opentelemetry2 finds its tracer and propagators in the registry.
        context.getRegistry().bind("openTelemetryTracer", sdk.getTracer("camel"));
        context.getRegistry().bind("openTelemetryPropagators", sdk.getPropagators());
        context.addService(new OtlpTracing(sdk)); // sends what is left and stops with the context
        new OpenTelemetryTracer().init(context);
    }

    @Override
    protected void doStop() {
        sdk.close();
    }
}
