package io.camelgateway.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import io.camelgateway.embedding.Encoder;
import io.camelgateway.embedding.SentenceEmbedder;
import io.camelgateway.embedding.StaticEmbeddingsFile;
import io.camelgateway.embedding.StaticEmbeddingsSource;
import io.camelgateway.routing.semantic.EmbeddingMatcher;

/**
 * Tier 2's cost on the 128-piece prompts of {@link RoutingTiersBenchmark}, with ONNX Runtime on the calling thread
 * (intraOpNumThreads 1), as that thread's CPU time beside the wall time: on a machine that others share, the CPU
 * time says what the work costs when the wall time says mostly how long it waited for a core.
 * Run: java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt)
 * io.camelgateway.bench.Tier2CpuTime e5-small-v2 32
 * With a third argument {@code static} (and a fourth, the data folder, {@code data}), the static table distilled
 * from the encoder in place of the encoder: read from the folder, or distilled there first.
 */
public final class Tier2CpuTime {
    private Tier2CpuTime() {
    }

    public static void main(String[] args) throws Exception {
        Encoder encoder = Encoder.named(args[0]);
        int window = Integer.parseInt(args[1]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (SentenceEmbedder embedder = SentenceEmbedder.load(encoder, 1, Map.of("intraOpNumThreads", "1"))) {
            boolean overTable = args.length > 2 && args[2].equals("static");
            EmbeddingMatcher matcher = overTable
                    ? EmbeddingMatcher.overTable(RoutingTiersBenchmark.shippedIntents(), embedder, window,
                            new StaticEmbeddingsSource(() -> new StaticEmbeddingsFile(
                                    Path.of(args.length > 3 ? args[3] : "data"), encoder.modelName(),
                                    StaticEmbeddingsFile.digestOf(encoder)), () -> embedder).whenReady().join())
                    : new EmbeddingMatcher(RoutingTiersBenchmark.shippedIntents(), embedder, window);
            for (String request : new String[]{"", RoutingTiersBenchmark.PASTED_REQUEST}) {
                String prompt = RoutingTiersBenchmark.prefixOfTokens(embedder, request,
                        RoutingTiersBenchmark.PARAGRAPHS, RoutingTiersBenchmark.PROMPT_TOKENS);
                for (int i = 0; i < 50; i++) {
                    matcher.scores(prompt);
                }
                long[] wall = new long[500];
                long[] cpu = new long[500];
                for (int i = 0; i < wall.length; i++) {
                    long start = System.nanoTime();
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    matcher.scores(prompt);
                    cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
                    wall[i] = System.nanoTime() - start;
                }
                Arrays.sort(wall);
                Arrays.sort(cpu);
                System.out.printf("%s%s, window %d, %s prompt of 128 pieces: wall p50 %.3f / p99 %.3f ms, CPU p50 %.3f"
                                + " / p99 %.3f ms%n", encoder.modelName(), overTable ? " static table" : "", window,
                        request.isEmpty() ? "plain" : "pasted",
                        wall[250] / 1e6, wall[495] / 1e6, cpu[250] / 1e6, cpu[495] / 1e6);
            }
        }
    }
}
