package io.camelgateway.bench;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.camelgateway.GatewayConstants;
import io.camelgateway.component.LlmCall;
import io.camelgateway.component.LlmConstants;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.metrics.GatewayMetrics;
import io.camelgateway.metrics.ModelLabels;
import io.camelgateway.metrics.RequestMetering;
import io.camelgateway.provider.Target;
import io.camelgateway.routing.ModelCatalog;
import io.camelgateway.security.CallerIdentity;

/**
 * What metering and metrics add to one request, on one thread, as sample times with percentiles: the ingress step
 * (chatMetering), the provider call's GenAI meters and cost (what the llm: producer hands its listener), and the
 * request's own meters when it ends, on the shipped gateway.yaml's models, prices and a team. A streamed request
 * adds its time to first chunk. A scrape is not per request and is not measured.
 * Run: see docs/benchmarks.md ("Metering: MeteringBenchmark").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class MeteringBenchmark {
    private DefaultCamelContext context;
    private GatewayMetrics metrics;
    private RequestMetering metering;
    private Target target;
    private Exchange exchange;

    @Setup
    public void setUp() throws Exception {
        GatewayConfig config = new GatewayConfigLoader(name -> null).load();
        context = new DefaultCamelContext();
        metrics = new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new ModelLabels(config, List.of("auto"), Set::of), config.prices());
        metering = new RequestMetering(metrics, LlmCall.CHAT);
        target = new ModelCatalog(config, List.of(), Set::of).resolve("gpt-4o-mini");
    }

    @Setup(Level.Invocation)
    public void newRequest() {
        exchange = new DefaultExchange(context);
        exchange.setProperty(GatewayConstants.CALLER, new CallerIdentity("alice", "key", "research", Set.of(),
                Map.of()));
    }

    @Benchmark
    public Exchange plainRequest() {
        return request(-1);
    }

    @Benchmark
    public Exchange streamedRequest() {
        return request(180_000_000L);
    }

    private Exchange request(long firstChunkNanos) {
        metering.process(exchange);
        exchange.setProperty(GatewayConstants.TARGET, target);
        exchange.getProperty(LlmConstants.PROVIDER_NANOS, AtomicLong.class).addAndGet(900_000L); // as the producer does
        metrics.ended(exchange, new LlmCall(target, LlmCall.CHAT, "gpt-4o-mini", 412, 230, null, 900_000_000L,
                firstChunkNanos));
        for (Synchronization done : exchange.getExchangeExtension().handoverCompletions()) {
            done.onComplete(exchange);
        }
        return exchange;
    }
}
