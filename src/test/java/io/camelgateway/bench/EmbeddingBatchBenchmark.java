package io.camelgateway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.camelgateway.embedding.SentenceEmbedder;

/**
 * One run of MiniLM over a batch of distinct routing prompts (about 20 word pieces each, as tier 2 sees them), on
 * one thread: the time of a batch; divided by the batch size, the cost of one prompt. With ONNX Runtime's own
 * threads (intraOpThreads 0) or one.
 * <p>
 * Run: mvn -B -q test-compile && java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt)
 * org.openjdk.jmh.Main EmbeddingBatchBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class EmbeddingBatchBenchmark {
    @Param({"1", "8", "32"})
    public int batch;
    @Param({"0", "1"})
    public int intraOpThreads;

    SentenceEmbedder embedder;
    List<long[]> ids;

    @Setup(Level.Trial)
    public void load() {
        embedder = SentenceEmbedder.load(1, intraOpThreads == 0 ? Map.of()
                : Map.of("intraOpNumThreads", String.valueOf(intraOpThreads)));
        ids = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            ids.add(embedder.tokenIds("What should I keep in mind about the new bakery on our street, note " + i
                    + "?", 32));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        embedder.close();
    }

    @Benchmark
    public List<float[]> oneRun() {
        return embedder.embedTokens(ids);
    }
}
