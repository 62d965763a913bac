package io.camelgateway.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.embedding.SentenceEmbedder;
import io.camelgateway.guardrail.injection.AttackExamples;
import io.camelgateway.guardrail.injection.InjectionDetector;
import io.camelgateway.guardrail.injection.InjectionVerdict;
import io.camelgateway.guardrail.injection.PromptInjectionSettings;

/**
 * The prompt-injection check's added latency on one thread (rules, then the model on at most two pieces), over the
 * shipped examples, on benign prompts (so the model always runs; an attack the rules catch skips it): a typical
 * chat prompt of about 150 characters, and one of 2,000 characters. Sample times with percentiles.
 * Run: mvn -B -q test-compile && java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt)
 * org.openjdk.jmh.Main PromptInjectionBenchmark   (see docs/benchmarks.md)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class PromptInjectionBenchmark {
    static final String TYPICAL = "Can you help me write a short, friendly email to my landlord asking whether the "
            + "heating can be checked before winter? Keep it under 120 words.";
    static final String PARAGRAPH = "Our team migrated the billing service to a new database last month. Since then, "
            + "some invoices are generated twice and a few customers were charged the wrong amount. The logs show "
            + "retries after timeouts, but the retry policy should be idempotent. ";

    SentenceEmbedder embedder;
    InjectionDetector detector;
    ChatRequest typical;
    ChatRequest long2000;

    @Setup(Level.Trial)
    public void load() throws Exception {
        embedder = SentenceEmbedder.load(1);
        AttackExamples examples;
        try (InputStream in = Files.newInputStream(Path.of("classifier-models/prompt-injection.yaml"))) {
            examples = AttackExamples.read(in, "prompt-injection.yaml", embedder);
        }
        detector = new InjectionDetector(() -> examples, () -> embedder, InjectionDetector.Settings.DEFAULTS);
        typical = request(TYPICAL);
        String text = (PARAGRAPH.repeat(2000 / PARAGRAPH.length() + 1)).substring(0, 1950)
                + " What would you check first?";
        long2000 = request(text);
        System.out.printf("%nprompts of %d and %d characters%n", TYPICAL.length(), text.length());
    }

    @TearDown(Level.Trial)
    public void close() {
        embedder.close();
    }

    static ChatRequest request(String text) {
        ChatRequest request = new ChatRequest();
        request.model = "gpt-4o-mini";
        request.messages = List.of(new ChatMessage("system", "You are a helpful assistant."),
                new ChatMessage("user", text));
        return request;
    }

    @Benchmark
    public InjectionVerdict typicalPrompt() {
        return detector.check(typical, PromptInjectionSettings.DEFAULT_ROLES, false);
    }

    @Benchmark
    public InjectionVerdict prompt2000Chars() {
        return detector.check(long2000, PromptInjectionSettings.DEFAULT_ROLES, false);
    }
}
