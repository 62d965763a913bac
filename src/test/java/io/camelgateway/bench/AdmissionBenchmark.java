package io.camelgateway.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
import io.camelgateway.api.Json;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.component.LlmCall;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.limits.Admission;
import io.camelgateway.limits.BudgetLedger;
import io.camelgateway.limits.InProcessLimits;
import io.camelgateway.limits.LimitEvents;
import io.camelgateway.limits.Budget;
import io.camelgateway.policy.PolicySource;
import io.camelgateway.provider.Target;
import io.camelgateway.routing.ModelCatalog;
import io.camelgateway.security.CallerIdentity;

/**
 * What rate limits and budgets add to one request in one process: admission (the key's, team's and model's
 * requests, tokens and concurrency, and the team's hard budget reserved), then, when the answer ends, its
 * provider call counted and everything settled. Limits high enough that nothing is refused: the steady state.
 * Run: see docs/benchmarks.md ("Rate limits and budgets: AdmissionBenchmark").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AdmissionBenchmark {
    static final String POLICY = """
            policy:
              teams:
                research:
                  defaultCredentials: true
                  limits: {requestsPerMinute: 1000000000, tokensPerMinute: 2000000000, concurrentRequests: 1000}
                  budget: {usd: 1000000000, period: month, hard: true}
              keys:
                alice: {limits: {requestsPerMinute: 1000000000}}
              models:
                gpt-4o-mini: {limits: {tokensPerMinute: 2000000000}}
            """;
    private static final byte[] BODY = ("{\"model\":\"gpt-4o-mini\",\"max_tokens\":300,\"messages\":[{\"role\":"
            + "\"user\",\"content\":\"Summarise the attached meeting notes in five bullet points for the team.\"}]}")
            .getBytes(StandardCharsets.UTF_8);

    private DefaultCamelContext context;
    private Admission admission;
    private Target target;
    private Exchange exchange;

    @Setup
    public void setUp() throws Exception {
        String embedded;
        try (InputStream in = AdmissionBenchmark.class.getClassLoader().getResourceAsStream("gateway.yaml")) {
            embedded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        GatewayConfig config = new GatewayConfigLoader(name -> null).parse(new ByteArrayInputStream(
                (embedded + "\n" + POLICY).getBytes(StandardCharsets.UTF_8)), "gateway.yaml");
        context = new DefaultCamelContext();
        admission = new Admission(PolicySource.from(config), config,
                new BudgetLedger(Clock.systemUTC(), new InProcessLimits()), new LimitEvents() {
                    @Override
                    public void refused(io.camelgateway.limits.Scope.Kind scope, String limit) {
                        throw new IllegalStateException("refused by " + scope + " " + limit);
                    }

                    @Override
                    public void budgetCrossed(io.camelgateway.limits.Scope scope, Budget budget, String period,
                                              double spentUsd) {
                    }
                });
        target = new ModelCatalog(config, java.util.List.of(), Set::of).resolve("gpt-4o-mini");
    }

    @Setup(Level.Invocation)
    public void newRequest() throws Exception {
        exchange = new DefaultExchange(context);
        exchange.setProperty(GatewayConstants.CALLER, new CallerIdentity("alice", "key", "research", Set.of(),
                Map.of()));
        exchange.getMessage().setBody(Json.read(BODY, ChatRequest.class));
    }

    @Benchmark
    public Exchange admitAndSettle() {
        admission.chat(exchange);
        admission.ended(exchange, new LlmCall(target, LlmCall.CHAT, "gpt-4o-mini", 412, 230, null, 900_000_000L, -1));
        for (Synchronization done : exchange.getExchangeExtension().handoverCompletions()) {
            done.onComplete(exchange);
        }
        return exchange;
    }
}
