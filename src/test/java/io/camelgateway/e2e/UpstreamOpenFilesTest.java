package io.camelgateway.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Repeated runs of streams leave the process's open files where they were: the gateway closes provider connections
 * that stay unused for the idle timeout (1 s here) instead of keeping every connection it ever opened. The callers
 * here close their own connections, so what remains open is the gateway's.
 */
@GatewayProperties("gateway.upstream.idle-timeout-ms=1000")
class UpstreamOpenFilesTest extends GatewayTestSupport {
    private static final Path OPEN_FILES = Path.of("/proc/self/fd");
    private static final int STREAMS = 200;

    @Test
    void openFilesStayFlatAcrossRepeatedStreamRuns() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(50);
        try {
            long baseline = openFiles();
            List<Long> after = new ArrayList<>();
            List<Integer> peaks = new ArrayList<>();
            for (int run = 0; run < 5; run++) {
                simulator.resetPeakConnections();
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < STREAMS; i++) {
                    int n = i;
                    answers.add(callers.submit(() -> stream("stream " + n)));
                }
                for (Future<String> answer : answers) {
                    assertEquals("data: [DONE]", answer.get());
                }
                peaks.add(simulator.peakConnections());
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (simulator.openConnections() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(200); // the gateway's side of the callers' closed connections
                after.add(openFiles());
            }
            System.out.printf("open files of the test JVM: %d before, after each run of %d streams: %s "
                    + "(provider connections at once: %s)%n", baseline, STREAMS, after, peaks);
            for (long count : after) {
                assertTrue(count <= baseline + 10, "open files " + baseline + " -> " + after);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** One streamed answer on a connection of its own, closed at the end; returns its last data line. */
    private static String stream(String text) {
        String body = Http.chat("private/llama3.2", text, true);
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + TestGateway.CALLER_KEY + "\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            String last = null;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    last = line;
                    if (line.equals("data: [DONE]") || line.contains("\"error\"")) {
                        break;
                    }
                }
            }
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> files = Files.list(OPEN_FILES)) {
            return files.count();
        }
    }
}
