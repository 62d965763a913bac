package io.camelgateway.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;
import io.camelgateway.component.LlmCall;
import io.camelgateway.component.LlmCallListener;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.resilience.ProviderBreakers;
import io.camelgateway.security.CallerIdentity;

/**
 * The gateway's meters: OpenTelemetry's GenAI client metrics for each provider call, and the gateway's own for
 * each request (by team and status, cost, retries, pool failovers, time outside the providers) and each provider's
 * breaker. Every label comes from a bounded set: configured model names ({@link ModelLabels}), teams, providers,
 * pools, error codes and statuses; never a key or a user id. Meters are looked up once per label combination.
 */
public final class GatewayMetrics implements LlmCallListener {
    /** A label's value when a request has no team, no pool or no provider. */
    public static final String NONE = "none";

    // OpenTelemetry's recommended bucket boundaries for these GenAI metrics.
    private static final double[] DURATION_BUCKETS = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12,
        10.24, 20.48, 40.96, 81.92};
    private static final double[] FIRST_CHUNK_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5,
        0.75, 1.0, 2.5, 5.0, 7.5, 10.0};
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
        4194304, 16777216, 67108864};
    private static final double[] OVERHEAD_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 1};

    private final MeterRegistry registry;
    private final ModelLabels models;
    private final Map<String, GatewayConfig.Price> prices;
    private final ConcurrentMap<CallLabels, CallMeters> calls = new ConcurrentHashMap<>();
    private final ConcurrentMap<CallLabels, Timer> firstChunks = new ConcurrentHashMap<>(); // streams only
    private final ConcurrentMap<RequestLabels, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<CostLabels, Counter> costs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> overhead = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> retries = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> failovers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> limitRefusals = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> budgetCrossings = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> estimated = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry, ModelLabels models, Map<String, GatewayConfig.Price> prices) {
        this.registry = registry;
        this.models = models;
        this.prices = prices;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * One gauge per configured provider: its breaker's state, 0 closed, 1 half-open, 2 open. A breaker no call has
     * used yet is closed.
     */
    public void watchBreakers(ProviderBreakers breakers, Iterable<String> providers) {
        for (String provider : providers) {
            Gauge.builder("gateway.breaker.state", () -> breakers.find(provider).map(GatewayMetrics::stateValue)
                            .orElse(0))
                    .description("The provider's circuit breaker: 0 closed, 1 half-open, 2 open")
                    .tag("gen_ai.provider.name", provider)
                    .register(registry);
        }
    }

    private static int stateValue(CircuitBreaker breaker) {
        return switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> 2;
            case HALF_OPEN -> 1;
            default -> 0;
        };
    }

    @Override
    public void ended(Exchange exchange, LlmCall call) {
        String provider = call.target().providerName();
        String served = models.served(call.target());
        CallLabels labels = new CallLabels(call.operation(), provider, models.requested(call.requestedModel()),
                served, errorType(call.failure()));
        CallMeters meters = calls.computeIfAbsent(labels, this::callMeters);
        meters.duration.record(call.durationNanos(), TimeUnit.NANOSECONDS);
        if (call.firstChunkNanos() >= 0) {
            firstChunks.computeIfAbsent(labels, l -> Timer.builder("gen_ai.client.operation.time_to_first_chunk")
                    .description("Time to receive the first chunk of a streamed answer")
                    .tags(l.tags()).tag("error.type", l.errorType)
                    .serviceLevelObjectives(durations(FIRST_CHUNK_BUCKETS))
                    .register(registry)).record(call.firstChunkNanos(), TimeUnit.NANOSECONDS);
        }
        if (call.estimated()) {
            estimated.computeIfAbsent(provider, p -> Counter.builder("gateway.usage.estimated")
                    .description("Provider calls whose tokens the gateway counted itself, the provider having sent none")
                    .tag("gen_ai.provider.name", p)
                    .register(registry)).increment();
        }
        if (call.inputTokens() > 0) {
            meters.inputTokens.record(call.inputTokens());
        }
        if (call.outputTokens() > 0) {
            meters.outputTokens.record(call.outputTokens());
        }
        GatewayConfig.Price price = prices.get(served);
        if (price != null && call.inputTokens() + call.outputTokens() > 0) {
            costs.computeIfAbsent(new CostLabels(team(exchange), provider, served), l -> Counter.builder("gateway.cost")
                    .description("What the providers' answers cost, at gateway.yaml's prices")
                    .baseUnit("usd")
                    .tags("team", l.team, "gen_ai.provider.name", l.provider, "gen_ai.response.model", l.model)
                    .register(registry)).increment(call.cost(price));
        }
    }

    /**
     * A request to the gateway ended (for a stream: its head was sent).
     *
     * @param providerNanos the time spent waiting for providers, to a plain answer or a stream's first chunk
     * @param waitedNanos   the time spent waiting between retries
     * @param attempts      its tries, counted once a pool or a retry made more than one (else 0 or 1)
     * @param pool          the pool that served it, or null
     * @param provider      the provider of its last call, or null
     */
    public void requestEnded(String operation, Exchange exchange, int status, long elapsedNanos, long providerNanos,
                             long waitedNanos, int attempts, String pool, String provider) {
        if (providerNanos > 0) { // a request no provider served (refused, local embeddings) has no overhead to tell
            overhead.computeIfAbsent(operation, op -> Timer.builder("gateway.overhead")
                    .description("Time a request spent in the gateway itself, outside the providers and retry waits")
                    .tag("gen_ai.operation.name", op)
                    .serviceLevelObjectives(durations(OVERHEAD_BUCKETS))
                    .register(registry)).record(Math.max(0, elapsedNanos - providerNanos - waitedNanos),
                    TimeUnit.NANOSECONDS);
        }
        if (attempts > 1 && pool != null) {
            failovers.computeIfAbsent(pool, p -> Counter.builder("gateway.pool.failovers")
                    .description("Tries of a pool's next member after one failed")
                    .tag("pool", p)
                    .register(registry)).increment(attempts - 1);
        } else if (attempts > 1) {
            retries.computeIfAbsent(provider == null ? NONE : provider, p -> Counter.builder("gateway.retries")
                    .description("Provider calls tried again after a failure the provider did not serve")
                    .tag("gen_ai.provider.name", p)
                    .register(registry)).increment(attempts - 1);
        }
        // Last, so that whoever sees the request counted sees the rest of it too.
        requests.computeIfAbsent(new RequestLabels(operation, team(exchange), status), l ->
                Counter.builder("gateway.requests")
                        .description("Requests the gateway answered, by team and HTTP status")
                        .tags("gen_ai.operation.name", l.operation, "team", l.team, "status",
                                Integer.toString(l.status))
                        .register(registry)).increment();
    }

    /**
     * A request refused by a rate limit or a budget.
     *
     * @param scope key, team or model
     * @param limit requests, tokens, concurrent or budget
     */
    public void limitRefused(String scope, String limit) {
        limitRefusals.computeIfAbsent(scope + "|" + limit, k -> Counter.builder("gateway.limit.refusals")
                .description("Requests refused with a 429 by a rate limit or a budget of the policy")
                .tags("scope", scope, "limit", limit)
                .register(registry)).increment();
    }

    /** A budget's spend reached its limit (once per crossing). */
    public void budgetCrossed(String scope, boolean hard) {
        budgetCrossings.computeIfAbsent(scope + "|" + hard, k -> Counter.builder("gateway.budget.alerts")
                .description("Budgets whose spend reached their limit, counted once per crossing")
                .tags("scope", scope, "kind", hard ? "hard" : "soft")
                .register(registry)).increment();
    }

    private CallMeters callMeters(CallLabels l) {
        String[] tags = l.tags();
        return new CallMeters(
                Timer.builder("gen_ai.client.operation.duration")
                        .description("GenAI operation duration")
                        .tags(tags).tag("error.type", l.errorType)
                        .serviceLevelObjectives(durations(DURATION_BUCKETS))
                        .register(registry),
                tokens(tags, "input"),
                tokens(tags, "output"));
    }

    private DistributionSummary tokens(String[] tags, String type) {
        return DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Number of input and output tokens used")
                .baseUnit("tokens")
                .tags(tags).tag("gen_ai.token.type", type)
                .serviceLevelObjectives(TOKEN_BUCKETS)
                .register(registry);
    }

    private static Duration[] durations(double[] seconds) {
        Duration[] result = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            result[i] = Duration.ofNanos((long) (seconds[i] * 1e9));
        }
        return result;
    }

    /** The gateway's own error code (a bounded set), empty for a success: Prometheus stores that as no label. */
    private static String errorType(GatewayException failure) {
        if (failure == null) {
            return "";
        }
        return failure.code() == null ? "error" : failure.code();
    }

    /** The team label of the exchange's caller: their team, or {@link #NONE} without a caller or a team. */
    public static String team(Exchange exchange) {
        CallerIdentity caller = exchange.getProperty(GatewayConstants.CALLER, CallerIdentity.class);
        return caller == null || caller.team() == null ? NONE : caller.team();
    }

    // The label records write out equals and hashCode: a record's own go through method handles, and these are
    // looked up on every request (3 % of the gateway's CPU samples in a JFR profile where the JIT had not inlined
    // them, docs/benchmarks.md).

    private record CallLabels(String operation, String provider, String requestModel, String responseModel,
                              String errorType) {
        String[] tags() {
            return new String[] {"gen_ai.operation.name", operation, "gen_ai.provider.name", provider,
                "gen_ai.request.model", requestModel, "gen_ai.response.model", responseModel};
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof CallLabels l && Objects.equals(operation, l.operation)
                    && Objects.equals(provider, l.provider) && Objects.equals(requestModel, l.requestModel)
                    && Objects.equals(responseModel, l.responseModel) && Objects.equals(errorType, l.errorType);
        }

        @Override
        public int hashCode() {
            return (((Objects.hashCode(operation) * 31 + Objects.hashCode(provider)) * 31
                    + Objects.hashCode(requestModel)) * 31 + Objects.hashCode(responseModel)) * 31
                    + Objects.hashCode(errorType);
        }
    }

    private record CallMeters(Timer duration, DistributionSummary inputTokens,
                              DistributionSummary outputTokens) {
    }

    private record RequestLabels(String operation, String team, int status) {
        @Override
        public boolean equals(Object other) {
            return other instanceof RequestLabels l && status == l.status && Objects.equals(operation, l.operation)
                    && Objects.equals(team, l.team);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(operation) * 31 + Objects.hashCode(team)) * 31 + status;
        }
    }

    private record CostLabels(String team, String provider, String model) {
        @Override
        public boolean equals(Object other) {
            return other instanceof CostLabels l && Objects.equals(team, l.team) && Objects.equals(provider, l.provider)
                    && Objects.equals(model, l.model);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(team) * 31 + Objects.hashCode(provider)) * 31 + Objects.hashCode(model);
        }
    }
}
