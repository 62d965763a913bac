package io.camelgateway.bench;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.guardrail.pii.PiiGuard;
import io.camelgateway.guardrail.pii.PiiMode;
import io.camelgateway.guardrail.pii.PiiSettings;
import io.camelgateway.guardrail.pii.PrivateModels;
import io.camelgateway.policy.ModelAccess;
import io.camelgateway.policy.Policy;
import io.camelgateway.routing.ModelCatalog;

/**
 * What the PII guard adds to one chat request with a 2,000-char prompt, on one thread, as sample times with
 * percentiles: the redact step (every kind looked for, the values replaced with placeholders) and the restore step
 * on an answer that repeats the prompt. "clean" has no PII (the common case: everything is scanned, nothing
 * found); "pii" holds an e-mail address, a phone number, a card, an IBAN, an SSN, an IP address and an API key.
 * Run: see docs/benchmarks.md ("PII guardrail: PiiGuardBenchmark").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PiiGuardBenchmark {
    static final String PROSE = "Our quarterly review covers the migration of the billing service to the new "
            + "cluster, version 4.18.2 of the client library, order #100234 and build 20240315, and the open "
            + "questions the team raised in the meeting on the 12th at 10:30. ";
    static final String PII = "Reach Maria at maria.gonzalez@example.com or +44 20 7946 0958; card "
            + "4111 1111 1111 1111, IBAN DE89370400440532013000, SSN 536-22-1478, host 203.0.113.42, key "
            + "sk-" + "ErQHQwjyaxErPZDS3MoJaQNjCxkv5ndK0meGR0vRzZ1fb6d0. "; // in two parts: a made-up key

    @Param({"clean", "pii"})
    public String prompt;

    private DefaultCamelContext context;
    private PiiGuard guard;
    private String text;
    private Exchange exchange;

    @Setup
    public void setUp() throws Exception {
        GatewayConfig config = new GatewayConfigLoader(name -> null).load();
        ModelCatalog catalog = new ModelCatalog(config, List.of(), Set::of);
        context = new DefaultCamelContext();
        PiiSettings settings = new PiiSettings(PiiMode.REDACT, null, PiiSettings.DEFAULTS.answers(),
                PiiSettings.DEFAULTS.kinds(), "US", 24, 4.0);
        guard = new PiiGuard(settings, new ModelAccess(() -> Policy.NONE, catalog, Map.of(), null),
                new PrivateModels(config, catalog), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 2000) {
            sb.append(prompt.equals("pii") && sb.length() > 800 && sb.indexOf("maria") < 0 ? PII : PROSE);
        }
        text = sb.substring(0, 2000);
    }

    @Setup(Level.Invocation)
    public void newRequest() {
        exchange = new DefaultExchange(context);
        ChatRequest request = new ChatRequest();
        request.model = "gpt-4o-mini";
        request.messages = List.of(new ChatMessage("system", "You are a helpful assistant."),
                new ChatMessage("user", text));
        exchange.getMessage().setBody(request);
    }

    @Benchmark
    public Object redactAndRestore() {
        guard.screen(exchange);
        ChatRequest sent = exchange.getMessage().getBody(ChatRequest.class);
        ChatCompletion answer = new ChatCompletion();
        answer.choices = List.of(new ChatCompletion.Choice(0, new ChatMessage("assistant",
                sent.messages.get(1).text()), "stop"));
        exchange.getMessage().setBody(answer);
        guard.restore(exchange);
        return exchange.getMessage().getBody();
    }
}
