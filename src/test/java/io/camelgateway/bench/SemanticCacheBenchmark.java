package io.camelgateway.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.cache.CacheMeters;
import io.camelgateway.cache.semantic.ContextKey;
import io.camelgateway.cache.semantic.PromptFacts;
import io.camelgateway.cache.semantic.SemanticCache;
import io.camelgateway.cache.semantic.SemanticIndex;
import io.camelgateway.embedding.SentenceEmbedder;

/**
 * The semantic cache's lookup step on one thread, with 10,000 entries stored: the context key, the embedding of the
 * newest user message, the search of its context, and the near-miss guard against the matches over the threshold.
 * The context looked up holds as many entries as its bound lets it (2,000 as shipped,
 * gateway.cache.semantic.max-per-context, or all 10,000), the rest are in other contexts. Stored vectors are random
 * unit vectors: a search costs the same whatever they hold, and 10,000 real embeddings would take the setup a minute.
 * Run: mvn -B -q test-compile && java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt)
 * org.openjdk.jmh.Main SemanticCacheBenchmark   (see docs/benchmarks.md; {@link SemanticCacheCpuTime} gives the CPU
 * time of the same operations, the steadier figure on a shared machine)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class SemanticCacheBenchmark {
    static final int ENTRIES = 10_000;
    static final String QUESTION = "What's the way to reverse a Python list?";
    /** 998 characters of prose: about the longest prompt the semantic cache takes (max-prompt-chars 1,000). */
    static final String LONG_PROMPT = ("My service reads orders from a queue and writes them to a database, but since "
            + "last week some orders appear twice and others never arrive. The logs show nothing unusual and the "
            + "queue reports every message as delivered once. What could cause this, how would you investigate "
            + "it step by step, and what would you change so that it cannot happen again? ").repeat(3)
            .substring(0, 998);

    @Param({"2000", "10000"})
    int perContext;

    SentenceEmbedder embedder;
    SemanticIndex index;
    SemanticCache cache;
    CamelContext camel;
    ChatRequest shortRequest;
    ChatRequest longRequest;
    float[] questionVector;

    @Setup(Level.Trial)
    public void setUp() {
        embedder = SentenceEmbedder.load(1, Map.of("intraOpNumThreads", "1")); // all its work on the calling thread
        index = new SemanticIndex(ENTRIES, perContext, 1L << 30, Duration.ofHours(1), Clock.systemUTC());
        cache = new SemanticCache(() -> embedder, index, 1000, 65536, Clock.systemUTC(), exchange -> "key:bench",
                new CacheMeters(new SimpleMeterRegistry(), SemanticCache.SEMANTIC));
        camel = new DefaultCamelContext();
        shortRequest = request(QUESTION);
        longRequest = request(LONG_PROMPT);
        String context = ContextKey.of(shortRequest, "faq", "key:bench", 1000).fingerprint();
        String longContext = ContextKey.of(longRequest, "faq", "key:bench", 1000).fingerprint();
        Random random = new Random(1);
        PromptFacts facts = PromptFacts.of("How do I reverse a list in Python?");
        for (int i = 0; i < ENTRIES; i++) {
            String fingerprint = i < perContext ? context : i < 2 * perContext ? longContext : "other-" + i % 500;
            index.put(new SemanticIndex.Entry(fingerprint, unitVector(random), "How do I reverse a list in Python?",
                    facts, new byte[512], 0.8, 0, System.currentTimeMillis()));
        }
        questionVector = embedder.embed(QUESTION);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        camel.close();
        embedder.close();
    }

    /** A short question: key, embedding, search, guard. */
    @Benchmark
    public Object lookupShortQuestion() {
        return lookup(shortRequest);
    }

    /** A 998-character prompt: the embedding dominates. */
    @Benchmark
    public Object lookupLongPrompt() {
        return lookup(longRequest);
    }

    /** The search of the context alone, its vector given. */
    @Benchmark
    public Object searchOnly() {
        return index.search(ContextKey.of(shortRequest, "faq", "key:bench", 1000).fingerprint(), questionVector, 0.8);
    }

    /** The route step itself, on a fresh exchange as each request brings. */
    private Object lookup(ChatRequest request) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(request);
        exchange.setProperty(GatewayConstants.ROUTED_MODEL, "faq");
        cache.lookup(exchange, 0.8);
        return exchange;
    }

    private static ChatRequest request(String text) {
        ChatRequest request = new ChatRequest();
        request.model = "faq";
        request.messages = java.util.List.of(new ChatMessage("system", "You answer briefly."),
                new ChatMessage("user", text));
        return request;
    }

    private static float[] unitVector(Random random) {
        float[] v = new float[384];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
