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

/**
 * An open-loop load for src/bench/auto_routing.sh: chat requests at a fixed rate whatever the answers' pace, each
 * with the next prompt of a file (one a line), so no two are the same. A request's latency counts from when it was
 * due, not from when it could be sent, so a gateway that falls behind shows it in full (no coordinated omission).
 * Prints one line: {@code sent ok non200 dropped p50_ms p99_ms max_ms} and how many answers each
 * {@code x-gateway-tier} had. A request due while 2,000 are in flight is dropped and counted.
 * <p>
 * Usage: {@code OpenLoopLoad <chat completions URL> <caller key> <model> <requests/s> <seconds> <prompts file>
 * <first line>}
 */
public final class OpenLoopLoad {
    private static final int MAX_IN_FLIGHT = 2000;

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: OpenLoopLoad <URL> <key> <model> <requests/s> <seconds> <prompts> <first>");
            System.exit(2);
        }
        URI url = URI.create(args[0]);
        int rate = Integer.parseInt(args[3]);
        int total = rate * Integer.parseInt(args[4]);
        int first = Integer.parseInt(args[6]);
        List<String> prompts = Files.readAllLines(Path.of(args[5]));
        if (prompts.size() < first + total) {
            throw new IllegalArgumentException(args[5] + " has " + prompts.size() + " prompts, " + (first + total)
                    + " needed");
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long[] latencies = new long[total];
        Arrays.fill(latencies, Long.MAX_VALUE);
        LongAdder ok = new LongAdder();
        LongAdder non200 = new LongAdder();
        LongAdder dropped = new LongAdder();
        AtomicInteger inFlight = new AtomicInteger();
        Map<String, LongAdder> tiers = new ConcurrentHashMap<>();
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
                dropped.increment();
                done.countDown();
                continue;
            }
            inFlight.incrementAndGet();
            int n = i;
            String body = "{\"model\":\"" + args[2] + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"" + prompts.get(first + i) + "\"}]}";
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + args[1]).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                latencies[n] = System.nanoTime() - due;
                if (response != null && response.statusCode() == 200) {
                    ok.increment();
                } else {
                    non200.increment();
                }
                String tier = response == null ? "no answer"
                        : response.headers().firstValue("x-gateway-tier").orElse("none");
                tiers.computeIfAbsent(tier, t -> new LongAdder()).increment();
                inFlight.decrementAndGet();
                done.countDown();
            });
        }
        done.await(60, TimeUnit.SECONDS);
        long[] sorted = Arrays.stream(latencies).filter(l -> l != Long.MAX_VALUE).sorted().toArray();
        Map<String, Long> tierCounts = new TreeMap<>();
        tiers.forEach((tier, count) -> tierCounts.put(tier, count.sum()));
        System.out.printf("%d %d %d %d %.2f %.2f %.2f tiers=%s%n", total, ok.sum(), non200.sum(), dropped.sum(),
                millis(sorted, 0.50), millis(sorted, 0.99), millis(sorted, 1.0), tierCounts.toString().replace(" ", ""));
        System.exit(0);
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(index, 0)] / 1e6;
    }
}
