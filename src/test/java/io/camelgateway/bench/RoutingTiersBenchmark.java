package io.camelgateway.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
import org.openjdk.jmh.annotations.Param;
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
 * Latency of routing tiers 1 and 2 on one thread, over the shipped intents, as sample times with percentiles:
 * <ul>
 * <li>tier 1 ({@code KeywordMatcher.matches}, the intents' regexes included) on a prompt of about 1,400
 * characters with no keyword;</li>
 * <li>tier 2 (tokenise, run MiniLM, pool, score) on a prompt of exactly 128 word pieces ([CLS] and [SEP]
 * included), embedded over a routing window of its first 32 (what the gateway does), 64 or all 128 pieces, and
 * on a short prompt (9 pieces).</li>
 * </ul>
 * Run: mvn -B -q test-compile && java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt)
 * org.openjdk.jmh.Main RoutingTiersBenchmark   (see docs/benchmarks.md)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class RoutingTiersBenchmark {
    /** 694 characters, 138 word pieces, no keyword of any intent. */
    static final String PARAGRAPHS = ("My service reads orders from a queue and writes them to a database, but since "
            + "last week some orders appear twice and others never arrive. The logs show nothing unusual and the "
            + "queue reports every message as delivered once. What could cause this, how would you investigate "
            + "it step by step, and what would you change so that it cannot happen again? ").repeat(2);
    /** 1,388 characters, no keyword. */
    static final String LONG_PROMPT = PARAGRAPHS.repeat(2);
    /** The same length, with words that contain a literal of the code intent's regex, which then runs. */
    static final String SHORT_PROMPT = "How's the weather today?";
    static final int PROMPT_TOKENS = 128;

    SentenceEmbedder embedder;
    KeywordMatcher keywords;
    EmbeddingMatcher embeddings;
    /** The start of PARAGRAPHS that is exactly 128 word pieces. */
    String prompt128;

    @Setup(Level.Trial)
    public void load() throws Exception {
        List<Intent> intents;
        try (InputStream in = Files.newInputStream(Path.of("classifier-models/intents.yaml"))) {
            intents = IntentsLoader.parse(in, "intents.yaml").intents();
        }
        embedder = SentenceEmbedder.load(1);
        keywords = new KeywordMatcher(intents);
        embeddings = new EmbeddingMatcher(intents, embedder);
        prompt128 = prefixOfTokens(embedder, PARAGRAPHS, PROMPT_TOKENS);
        if (!keywords.matches(LONG_PROMPT).isEmpty()) {
            throw new IllegalStateException("the tier-1 prompts must match no intent");
        }
        System.out.printf("%ntier 1 prompt: %d characters; tier 2 prompts: %d word pieces (%d characters), %d "
                        + "(\"%s\")%n", LONG_PROMPT.length(), embedder.tokenCount(prompt128), prompt128.length(),
                embedder.tokenCount(SHORT_PROMPT), SHORT_PROMPT);
    }

    static String prefixOfTokens(SentenceEmbedder embedder, String text, int tokens) {
        String[] words = text.split(" ");
        for (int n = words.length; n > 0; n--) {
            String prefix = String.join(" ", Arrays.copyOf(words, n));
            if (embedder.tokenCount(prefix) == tokens) {
                return prefix;
            }
        }
        throw new IllegalStateException("no start of the text is " + tokens + " word pieces");
    }

    @TearDown(Level.Trial)
    public void close() {
        embedder.close();
    }

    /** The routing window's length, in word pieces ([CLS] and [SEP] included); 32 is what the gateway uses. */
    @State(Scope.Benchmark)
    public static class Window {
        @Param({"32", "64", "128"})
        public int window;
    }

    @Benchmark
    public Set<String> tier1Keywords() {
        return keywords.matches(LONG_PROMPT);
    }

    /** Tier 2 on the 128-piece prompt, embedded over the first {@code window} pieces, then scored. */
    @Benchmark
    public Map<String, Double> tier2Embedding128Tokens(Window w) {
        return embeddings.scores(embedder.embed(prompt128, w.window));
    }

    @Benchmark
    public Map<String, Double> tier2EmbeddingShort() {
        return embeddings.scores(SHORT_PROMPT);
    }
}
