package io.camelgateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open-loop load for src/bench/auto_routing.sh and overhead.sh: chat requests at a fixed rate, evenly spaced,
 * whatever the answers' pace, each with the next prompt of a file (one a line). A request's latency counts from when
 * it was due, not from when it could be sent, so a server that falls behind shows it in full (no coordinated
 * omission). Prints one line: {@code sent ok non200 dropped p50_ms p99_ms max_ms} and how many answers each
 * {@code x-gateway-tier} had. A request due while 2,000 are in flight is dropped and counted.
 * <p>
 * Usage: {@code OpenLoopLoad <chat completions URL> <key> <model> <requests/s> <seconds> <prompts file> <first line>
 * ['Name: value' header...]}. With {@code -Dbench.warmup=S} it first sends S seconds at the same rate (prompts from
 * the same file, after the measured ones) whose answers are not counted, so that the load's own JVM and connections
 * are warm when the measurement starts.
 */
public final class OpenLoopLoad {
    private static final int MAX_IN_FLIGHT = 2000;

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
        Load load = new Load(URI.create(args[0]), args[1], args[2], Arrays.asList(args).subList(7, args.length));
        if (warmup > 0) {
            load.run(rate, warmup, i -> prompts.get(first + total + i));
        }
        load.run(rate, total, i -> prompts.get(first + i)).print();
        System.exit(0);
    }

    private record Load(URI url, String key, String model, List<String> headers, HttpClient client) {
        Load(URI url, String key, String model, List<String> headers) {
            this(url, key, model, headers, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build());
        }

        Figures run(int rate, int total, IntFunction<String> prompt) throws InterruptedException {
            Figures figures = new Figures(total);
            AtomicInteger inFlight = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(total);
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (inFlight.get() >= MAX_IN_FLIGHT) {
                    figures.dropped.increment();
                    done.countDown();
                    continue;
                }
                inFlight.incrementAndGet();
                int n = i;
                client.sendAsync(request(prompt.apply(i)), HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, failure) -> {
                            figures.answered(n, System.nanoTime() - due, response);
                            inFlight.decrementAndGet();
                            done.countDown();
                        });
            }
            done.await(60, TimeUnit.SECONDS);
            return figures;
        }

        private HttpRequest request(String prompt) {
            String body = "{\"model\":\"" + model + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"" + prompt + "\"}]}";
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            for (String header : headers) {
                int colon = header.indexOf(':');
                request.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
            }
            return request.build();
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

        void answered(int n, long latency, HttpResponse<?> response) {
            latencies[n] = latency;
            if (response != null && response.statusCode() == 200) {
                ok.increment();
            } else {
                non200.increment();
            }
            String tier = response == null ? "no answer"
                    : response.headers().firstValue("x-gateway-tier").orElse("none");
            tiers.computeIfAbsent(tier, t -> new LongAdder()).increment();
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
