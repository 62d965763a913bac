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

import io.camelgateway.embedding.Encoder;
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
 * <li>tier 2 ({@code EmbeddingMatcher.scores}: read the prompt's parts, tokenise, run the encoder, score against the
 * centroids) for each encoder, with a routing window of 32 word pieces (what the gateway does) or 128, on a prompt of
 * exactly 128 word pieces ([CLS], [SEP] and e5's "query: " included) of plain prose, on one of a short request
 * above a pasted paragraph (embedded as two parts), and on a short question.</li>
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

    static final String PASTED_REQUEST = "Can you summarise this for my manager, in three lines?\n\n";

    KeywordMatcher keywords;

    static List<Intent> shippedIntents() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("classifier-models/intents.yaml"))) {
            return IntentsLoader.parse(in, "intents.yaml").intents();
        }
    }

    @Setup(Level.Trial)
    public void load() throws Exception {
        keywords = new KeywordMatcher(shippedIntents());
        if (!keywords.matches(LONG_PROMPT).isEmpty()) {
            throw new IllegalStateException("the tier-1 prompts must match no intent");
        }
    }

    /** Tier 2 with one encoder and one routing window (in word pieces; 32 is what the gateway uses). */
    @State(Scope.Benchmark)
    public static class Tier2 {
        @Param({"e5-small-v2", "all-minilm-l6-v2"})
        public String encoder;
        @Param({"32", "128"})
        public int window;

        SentenceEmbedder embedder;
        EmbeddingMatcher embeddings;
        /** Exactly 128 word pieces of plain prose, and of a short request above a pasted paragraph. */
        String plain128;
        String pasted128;

        @Setup(Level.Trial)
        public void load() throws Exception {
            embedder = SentenceEmbedder.load(Encoder.named(encoder), 1, Map.of());
            embeddings = new EmbeddingMatcher(shippedIntents(), embedder, window);
            plain128 = prefixOfTokens(embedder, "", PARAGRAPHS, PROMPT_TOKENS);
            pasted128 = prefixOfTokens(embedder, PASTED_REQUEST, PARAGRAPHS, PROMPT_TOKENS);
            System.out.printf("%n%s: tier 2 prompts of %d and %d word pieces (%d and %d characters), %d (\"%s\")%n",
                    encoder, embedder.tokenCount(plain128), embedder.tokenCount(pasted128), plain128.length(),
                    pasted128.length(), embedder.tokenCount(SHORT_PROMPT), SHORT_PROMPT);
        }

        @TearDown(Level.Trial)
        public void close() {
            embedder.close();
        }
    }

    /** The request followed by the longest start of the text that makes exactly this many word pieces. */
    static String prefixOfTokens(SentenceEmbedder embedder, String request, String text, int tokens) {
        String[] words = text.split(" ");
        for (int n = words.length; n > 0; n--) {
            String prompt = request + String.join(" ", Arrays.copyOf(words, n));
            if (embedder.tokenCount(prompt) == tokens) {
                return prompt;
            }
        }
        throw new IllegalStateException("no start of the text is " + tokens + " word pieces");
    }

    @Benchmark
    public Set<String> tier1Keywords() {
        return keywords.matches(LONG_PROMPT);
    }

    /** Tier 2 on 128 pieces of prose: one part, embedded over the routing window. */
    @Benchmark
    public Map<String, Double> tier2Plain128(Tier2 t) {
        return t.embeddings.scores(t.plain128);
    }

    /** Tier 2 on 128 pieces that are a request and pasted material: two parts, two runs of the encoder. */
    @Benchmark
    public Map<String, Double> tier2Pasted128(Tier2 t) {
        return t.embeddings.scores(t.pasted128);
    }

    @Benchmark
    public Map<String, Double> tier2Short(Tier2 t) {
        return t.embeddings.scores(SHORT_PROMPT);
    }
}
