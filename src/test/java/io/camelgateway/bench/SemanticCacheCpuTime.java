package io.camelgateway.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The operations of {@link SemanticCacheBenchmark} (10,000 entries), as the calling thread's CPU time beside the wall
 * time: on a machine that others share, the CPU time says what the work costs when the wall time says mostly how
 * long it waited for a core.
 * Run: java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt)
 * io.camelgateway.bench.SemanticCacheCpuTime 2000
 */
public final class SemanticCacheCpuTime {
    private SemanticCacheCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        SemanticCacheBenchmark bench = new SemanticCacheBenchmark();
        bench.perContext = Integer.parseInt(args[0]);
        bench.setUp();
        try {
            measure("lookup, short question", bench::lookupShortQuestion, bench.perContext);
            measure("lookup, 998-character prompt", bench::lookupLongPrompt, bench.perContext);
            measure("search of the context alone", bench::searchOnly, bench.perContext);
        } finally {
            bench.tearDown();
        }
    }

    private static void measure(String what, Supplier<Object> operation, int perContext) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 100; i++) {
            operation.get();
        }
        long[] wall = new long[500];
        long[] cpu = new long[500];
        for (int i = 0; i < wall.length; i++) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            operation.get();
            cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
            wall[i] = System.nanoTime() - start;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("%s, %d entries in its context of 10,000: wall p50 %.2f / p99 %.2f ms, CPU p50 %.2f / p99 "
                        + "%.2f ms%n", what, perContext, wall[250] / 1e6, wall[495] / 1e6, cpu[250] / 1e6,
                cpu[495] / 1e6);
    }
}
