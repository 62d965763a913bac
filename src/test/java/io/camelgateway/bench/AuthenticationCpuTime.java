package io.camelgateway.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.camelgateway.security.TestRequestHead;



/**
 * The credentials of {@link AuthenticationBenchmark}, each authenticated {@value #CALLS} times after a round of
 * warm-up of all of them, as the calling thread's CPU time beside the wall time: on a machine that others share, the CPU time says
 * what the work costs when the wall time's tail says mostly how long the thread waited for a core.
 * Run: java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt)
 * io.camelgateway.bench.AuthenticationCpuTime
 */
public final class AuthenticationCpuTime {
    private static final int CALLS = 8192;

    private AuthenticationCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        AuthenticationBenchmark.Chain setup = new AuthenticationBenchmark.Chain();
        setup.start();
        AuthenticationBenchmark.FirstSightRs256 rs256 = new AuthenticationBenchmark.FirstSightRs256();
        rs256.sign(setup);
        AuthenticationBenchmark.FirstSightEs256 es256 = new AuthenticationBenchmark.FirstSightEs256();
        es256.sign(setup);
        Map<String, List<TestRequestHead>> credentials = new LinkedHashMap<>();
        credentials.put("static key", List.of(setup.staticKey));
        credentials.put("JWT RS256 sent again", List.of(setup.rs256));
        credentials.put("JWT ES256 sent again", List.of(setup.es256));
        credentials.put("JWT RS256 first sight", rs256.rs256);
        credentials.put("JWT ES256 first sight", es256.es256);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try {
            for (int round = 0; round < 2; round++) {
                for (Map.Entry<String, List<TestRequestHead>> credential : credentials.entrySet()) {
                    List<TestRequestHead> requests = credential.getValue();
                    long[] wall = new long[CALLS];
                    long[] cpu = new long[CALLS];
                    for (int i = 0; i < CALLS; i++) {
                        TestRequestHead request = requests.get(i % requests.size());
                        long start = System.nanoTime();
                        long cpuStart = threads.getCurrentThreadCpuTime();
                        setup.schemes.authenticate(request).join();
                        cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
                        wall[i] = System.nanoTime() - start;
                    }
                    if (round == 1) {
                        Arrays.sort(wall);
                        Arrays.sort(cpu);
                        System.out.printf("%s: wall p50 %.1f / p99 %.1f us, CPU p50 %.1f / p99 %.1f us%n",
                                credential.getKey(), wall[CALLS / 2] / 1e3, wall[CALLS * 99 / 100] / 1e3,
                                cpu[CALLS / 2] / 1e3, cpu[CALLS * 99 / 100] / 1e3);
                    }
                }
            }
        } finally {
            setup.stop();
        }
    }
}
