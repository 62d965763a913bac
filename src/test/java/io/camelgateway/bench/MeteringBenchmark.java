package io.camelgateway.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.camelgateway.GatewayConstants;
import io.camelgateway.audit.AuditLog;
import io.camelgateway.component.LlmCall;
import io.camelgateway.component.LlmConstants;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.metering.CallUsage;
import io.camelgateway.metering.UsageHeaders;
import io.camelgateway.metering.UsageRecorder;
import io.camelgateway.metrics.GatewayMetrics;
import io.camelgateway.metrics.ModelLabels;
import io.camelgateway.metrics.RequestMetering;
import io.camelgateway.provider.Target;
import io.camelgateway.routing.ModelCatalog;
import io.camelgateway.security.CallerIdentity;
import io.camelgateway.store.Database;
import io.camelgateway.store.StoreSettings;
import io.camelgateway.store.UsageRepository;

/**
 * What metering and metrics add to one request, on one thread, as sample times with percentiles: the ingress step
 * (chatMetering, which makes the request record), the provider call's GenAI meters and cost and its usage added to
 * the record (what the llm: producer hands its listeners), the cost header, and the request's end: its own meters,
 * the audit record kept in the audit log's queue, and its usage queued for the store; on the shipped gateway.yaml's
 * models, prices and a team. A streamed request adds its time to first chunk.
 * What runs off the request path (the audit route's write, the store's batch) and a scrape are not measured.
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
    private CallUsage usage;
    private UsageHeaders usageHeaders;
    private Database store;
    private UsageRecorder recorder;
    private ScheduledExecutorService auditRoute;

    @Setup
    public void setUp() throws Exception {
        GatewayConfig config = new GatewayConfigLoader(name -> null).load();
        context = new DefaultCamelContext();
        metrics = new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new ModelLabels(config, List.of("auto"), Set::of), config.prices());
        context.start();
        store = Database.open(new StoreSettings("jdbc:h2:mem:metering-bench;DB_CLOSE_DELAY=-1", null, null, 2));
        recorder = new UsageRecorder(new UsageRepository(store), 100_000, Duration.ofSeconds(1),
                metrics.registry());
        AuditLog audit = new AuditLog(10_000, metrics.registry());
        auditRoute = Executors.newSingleThreadScheduledExecutor(); // the route's turns; its write is off the path
        auditRoute.scheduleAtFixedRate(audit::drain, 250, 250, TimeUnit.MILLISECONDS);
        metering = new RequestMetering(metrics, LlmCall.CHAT, record -> {
            recorder.ended(record);
            audit.ended(record);
        });
        usage = new CallUsage(config.prices());
        usageHeaders = new UsageHeaders();
        target = new ModelCatalog(config, List.of(), Set::of).resolve("gpt-4o-mini");
    }

    @TearDown
    public void tearDown() {
        auditRoute.shutdownNow();
        recorder.close();
        store.close();
        context.stop();
    }

    @Setup(Level.Invocation)
    public void newRequest() {
        exchange = new DefaultExchange(context);
        exchange.setProperty(GatewayConstants.REQUEST_ID, "req_0123456789abcdef0123456789abcdef");
        exchange.getMessage().setHeader(Exchange.HTTP_URI, "/v1/chat/completions");
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
        LlmCall call = new LlmCall(target, LlmCall.CHAT, "gpt-4o-mini", 412, 230, null, 900_000_000L,
                firstChunkNanos);
        usage.ended(exchange, call);
        metrics.ended(exchange, call);
        usageHeaders.process(exchange);
        for (Synchronization done : exchange.getExchangeExtension().handoverCompletions()) {
            done.onComplete(exchange);
        }
        return exchange;
    }
}
