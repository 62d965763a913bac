package io.camelgateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.camelgateway.api.Json;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.openai.OpenAiTranslator;

/**
 * An OpenAI-format plain answer on its way to an OpenAI-format caller, on one thread: read into a ChatCompletion
 * and written again (every answer before the pass-through, and still where a step needs it whole), against checked
 * and its usage read, then passed on as it came. Two bodies: the simulator's answer (what overhead.sh measures)
 * and OpenAI's reference answer with cached and reasoning usage (src/test/resources/golden).
 * Run with {@code -prof gc} for the bytes each allocates: see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnswerPassThroughBenchmark {
    private static final String SIMULATOR = """
            {"id":"chatcmpl-sim-1","object":"chat.completion","created":1764355200,"model":"gpt-4o-mini",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"Simulated openai answer to: Say hello \
            in five words","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,\
            "completion_tokens":9,"total_tokens":21},"system_fingerprint":"fp_sim"}""";

    @Param({"simulator", "golden"})
    public String answer;

    private final OpenAiTranslator openAi = new OpenAiTranslator();
    private Target target;
    private byte[] body;

    @Setup
    public void setUp() throws IOException {
        ProviderConfig provider = new ProviderConfig("openai", "openai", "http://127.0.0.1:1/v1", "env:KEY", null,
                Map.of(), Map.of(), List.of(), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60),
                4096, Map.of());
        target = new Target(provider, "gpt-4o-mini", "openai/gpt-4o-mini");
        if (answer.equals("golden")) {
            try (InputStream in = getClass().getResourceAsStream("/golden/openai-cached-usage-answer.json")) {
                body = in.readAllBytes();
            }
        } else {
            body = SIMULATOR.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Benchmark
    public byte[] readAndWriteAgain() throws IOException {
        return Json.write(openAi.chatResponse(body, target));
    }

    @Benchmark
    public byte[] passOn() throws IOException {
        return openAi.chatResponseForOpenAiCaller(body, target).json();
    }
}
