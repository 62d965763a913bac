package io.camelgateway.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

import io.camelgateway.embedding.SentenceEmbedder;
import io.camelgateway.routing.semantic.EmbeddingMatcher;
import io.camelgateway.routing.semantic.Intent;
import io.camelgateway.routing.semantic.IntentsLoader;
import io.camelgateway.routing.semantic.KeywordMatcher;

/**
 * Latency of routing tiers 1 and 2 on one thread, for a prompt of about 128 word pieces, over the shipped intents.
 * Run: mvn -B -q test-compile && java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt)
 * org.openjdk.jmh.Main RoutingTiersBenchmark   (see docs/benchmarks.md)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RoutingTiersBenchmark {
    /** About 128 word pieces, and no keyword of any intent. */
    static final String PROMPT = ("My service reads orders from a queue and writes them to a database, but since "
            + "last week some orders appear twice and others never arrive. The logs show nothing unusual and the "
            + "queue reports every message as delivered once. What could cause this, how would you investigate "
            + "it step by step, and what would you change so that it cannot happen again? ").repeat(2);

    SentenceEmbedder embedder;
    KeywordMatcher keywords;
    EmbeddingMatcher embeddings;

    @Setup(Level.Trial)
    public void load() throws Exception {
        List<Intent> intents;
        try (InputStream in = Files.newInputStream(Path.of("classifier-models/intents.yaml"))) {
            intents = IntentsLoader.parse(in, "intents.yaml");
        }
        embedder = SentenceEmbedder.load(1);
        keywords = new KeywordMatcher(intents);
        embeddings = new EmbeddingMatcher(intents, embedder);
        System.out.println("prompt word pieces: " + embedder.tokenCount(PROMPT));
    }

    @TearDown(Level.Trial)
    public void close() {
        embedder.close();
    }

    @Benchmark
    public Set<String> tier1Keywords() {
        return keywords.matches(PROMPT);
    }

    @Benchmark
    public Map<String, Double> tier2Embedding() {
        return embeddings.scores(PROMPT);
    }
}
