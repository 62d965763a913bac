package io.camelgateway.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.camelgateway.e2e.SettledCount;
import io.camelgateway.e2e.TestGateway;
import io.camelgateway.e2e.UnreadStream;
import io.camelgateway.simulator.Fault;
import io.camelgateway.simulator.ProviderSimulator;

/**
 * The live heap of a gateway whose callers stop reading long streams: a simulator and the gateway in this JVM,
 * {@code clients} callers each asking for a stream of about {@code megabytes} MB that the simulator sends as fast as
 * it is taken, none of them reading. Prints the live heap (after a full GC) before and while they hang on, and how
 * much of the streams the simulator could write. Run it (about 30 s) with:
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -Xmx4g -XX:+UseParallelGC -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.camelgateway.bench.SlowReadersHeap 20 60
 * </pre>
 */
public final class SlowReadersHeap {
    private static final String WORD = "x".repeat(8000);

    private SlowReadersHeap() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int repeats = (int) (megabytes * 1_000_000L / 8200); // an event carrying the word is about 8,200 bytes
        try (ProviderSimulator simulator = ProviderSimulator.start(0);
             TestGateway gateway = TestGateway.start(simulator)) {
            readWhole(ask(gateway)); // warm up
            long before = liveHeap();
            simulator.enqueue(Fault.repeatEvent(5, repeats).withTimes(clients));
            long written = simulator.streamBytesWritten();
            List<Socket> callers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                callers.add(ask(gateway));
            }
            long stalled = SettledCount.of(simulator::streamBytesWritten, Duration.ofSeconds(2),
                    Duration.ofSeconds(40));
            long during = liveHeap();
            System.out.printf("%d callers not reading %d MB streams: live heap %d MB before, %d MB while they hang "
                            + "on; the provider could write %d MB of the %d MB asked for%n", clients, megabytes,
                    before >> 20, during >> 20, (stalled - written) / 1_000_000, clients * (long) megabytes);
            for (Socket caller : callers) {
                caller.close();
            }
        }
    }

    private static Socket ask(TestGateway gateway) throws Exception {
        return UnreadStream.open(gateway, "private/llama3.2", WORD);
    }

    private static void readWhole(Socket socket) throws Exception {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("data: [DONE]")) {
                // read to the end
            }
        }
    }

    private static long liveHeap() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
