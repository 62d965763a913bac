package io.camelgateway.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open-loop load for src/bench/overhead.sh and auto_routing.sh: chat requests at a fixed rate, evenly spaced,
 * whatever the answers' pace, each with the next prompt of a file (one a line). A request's latency counts from when
 * it was due, not from when it could be sent, so a server that falls behind shows it in full (no coordinated
 * omission). Prints one line: {@code sent ok non200 dropped p50_ms p99_ms max_ms} and how many answers each
 * {@code x-gateway-tier} had.
 * <p>
 * Request n goes out on connection n mod {@code -Dbench.connections} (256): each connection is a thread with a
 * blocking keep-alive socket that sleeps until its next request is due, writes it and reads the answer. So the
 * load's own cost per request is a write and a read on a socket, with no executor, selector or future between the
 * due time and the wire (the JDK's HttpClient added tens of milliseconds at p99 to the simulator's own answers).
 * A connection that falls more than 10 s behind drops what it is late for, and counts it.
 * <p>
 * Usage: {@code OpenLoopLoad <chat completions URL> <key> <model> <requests/s> <seconds> <prompts file> <first line>
 * ['Name: value' header...]}. With {@code -Dbench.warmup=S} it first sends S seconds at the same rate (prompts from
 * the same file, after the measured ones) whose answers are not counted.
 */
public final class OpenLoopLoad {
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: OpenLoopLoad <URL> <key> <model> <requests/s> <seconds> <prompts> <first>"
                    + " ['Name: value'...]");
            System.exit(2);
        }
        int rate = Integer.parseInt(args[3]);
        int total = rate * Integer.parseInt(args[4]);
        int warmup = rate * Integer.getInteger("bench.warmup", 0);
        int first = Integer.parseInt(args[6]);
        List<String> prompts = Files.readAllLines(Path.of(args[5]));
        if (prompts.size() < first + total + warmup) {
            throw new IllegalArgumentException(args[5] + " has " + prompts.size() + " prompts, "
                    + (first + total + warmup) + " needed");
        }
        Load load = new Load(URI.create(args[0]), args[1], args[2], Arrays.asList(args).subList(7, args.length),
                Integer.getInteger("bench.connections", 256));
        if (warmup > 0) {
            load.run(rate, warmup, i -> prompts.get(first + total + i));
        }
        load.run(rate, total, i -> prompts.get(first + i)).print();
        System.exit(0);
    }

    private record Load(URI url, String key, String model, List<String> headers, int connections) {
        Figures run(int rate, int total, IntFunction<String> prompt) throws InterruptedException {
            Figures figures = new Figures(total);
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            Thread[] threads = new Thread[Math.min(connections, total)];
            for (int t = 0; t < threads.length; t++) {
                int lane = t;
                threads[t] = new Thread(() -> {
                    Connection connection = new Connection(url);
                    for (int n = lane; n < total; n += threads.length) {
                        long due = start + n * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        } else if (-wait > GIVE_UP_NANOS) {
                            figures.dropped.increment();
                            continue;
                        }
                        Answer answer = connection.send(request(prompt.apply(n)));
                        figures.answered(n, System.nanoTime() - due, answer);
                    }
                    connection.close();
                }, "load-" + t);
                threads[t].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            return figures;
        }

        private byte[] request(String prompt) {
            byte[] body = ("{\"model\":\"" + model + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"" + prompt + "\"}]}").getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(256).append("POST ").append(url.getRawPath()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n")
                    .append("Authorization: Bearer ").append(key).append("\r\n")
                    .append("Content-Type: application/json\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
            for (String header : headers) {
                head.append(header.trim()).append("\r\n");
            }
            byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
            return request;
        }
    }

    /** The status of an answer, or 0 when none came, and its x-gateway-tier header. */
    private record Answer(int status, String tier) {
    }

    /** One keep-alive connection, opened again after the server closes it or it fails. */
    private static final class Connection {
        private final URI url;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(URI url) {
            this.url = url;
        }

        Answer send(byte[] request) {
            for (int attempt = 0; attempt < 2; attempt++) {
                boolean reused = socket != null;
                try {
                    if (socket == null) {
                        open();
                    }
                    out.write(request);
                    out.flush();
                    return read();
                } catch (IOException e) {
                    close();
                    if (!reused) {
                        return new Answer(0, "no answer");
                    }
                    // a kept connection the server had closed meanwhile: once more on a new one
                }
            }
            return new Answer(0, "no answer");
        }

        private void open() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        /** Reads one answer: the status line, the headers, then a body of Content-Length bytes or chunks. */
        private Answer read() throws IOException {
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String tier = "none";
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "x-gateway-tier" -> tier = value;
                    default -> { }
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                close = true; // a body up to the connection's end
                while (in.read() >= 0) {
                    // drained
                }
            }
            if (close) {
                close();
            }
            return new Answer(status, tier);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed mid-answer");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
                if (line.length() > MAX_HEAD_BYTES) {
                    throw new IOException("header line too long");
                }
            }
            return line.toString();
        }

        private void skip(long bytes) throws IOException {
            for (long left = bytes; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed mid-body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                socket = null;
            }
        }
    }

    /** One run's figures: each request's latency from when it was due, and how its answer ended. */
    private static final class Figures {
        final long[] latencies;
        final LongAdder ok = new LongAdder();
        final LongAdder non200 = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final Map<String, LongAdder> tiers = new ConcurrentHashMap<>();

        Figures(int total) {
            latencies = new long[total];
            Arrays.fill(latencies, Long.MAX_VALUE);
        }

        void answered(int n, long latency, Answer answer) {
            latencies[n] = latency;
            if (answer.status() == 200) {
                ok.increment();
            } else {
                non200.increment();
            }
            tiers.computeIfAbsent(answer.tier(), t -> new LongAdder()).increment();
        }

        void print() {
            long[] sorted = Arrays.stream(latencies).filter(l -> l != Long.MAX_VALUE).sorted().toArray();
            Map<String, Long> tierCounts = new TreeMap<>();
            tiers.forEach((tier, count) -> tierCounts.put(tier, count.sum()));
            System.out.printf("%d %d %d %d %.2f %.2f %.2f tiers=%s%n", latencies.length, ok.sum(), non200.sum(),
                    dropped.sum(), millis(sorted, 0.50), millis(sorted, 0.99), millis(sorted, 1.0),
                    tierCounts.toString().replace(" ", ""));
        }

        private static double millis(long[] sorted, double quantile) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
            return sorted[Math.max(index, 0)] / 1e6;
        }
    }
}
