package io.camelgateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

import io.camelgateway.e2e.TestGateway;
import io.camelgateway.simulator.ProviderSimulator;

/**
 * The exact cache's hit latency over HTTP, against a miss (the same gateway calling its provider) and the provider
 * directly, in one run: a simulator and a gateway with the cache on in this JVM, one caller on one keep-alive
 * connection sending the paths in turn (so drift hits them alike), plain and streamed. Every miss asks a new
 * question; every hit asks the one question kept. Prints p50, p99 and the mean per path. Run it with
 * {@code src/bench/cache_latency.sh [requests-per-path]}.
 */
public final class CacheHitLatency {
    private static final String CACHE = """
            cache:
              ttl: 1h
              maxBytes: 64MiB
            """;

    private CacheHitLatency() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int warmup = Math.max(500, requests / 5);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ProviderSimulator simulator = ProviderSimulator.start(0);
             TestGateway gateway = TestGateway.start(simulator, Map.of(), Map.of(), CACHE)) {
            String chat = gateway.baseUrl() + "/v1/chat/completions";
            Map<String, Path> paths = new LinkedHashMap<>();
            paths.put("direct to the provider", new Path(simulator.baseUrl() + "/v1/chat/completions",
                    i -> body("gpt-4o-mini", "Say hello in five words", false), null));
            paths.put("gateway, cache miss", new Path(chat, i -> body("gpt-4o-mini", "Say hello " + i, false),
                    "miss"));
            paths.put("gateway, cache hit", new Path(chat, i -> body("gpt-4o-mini", "Say hello in five words", false),
                    "hit"));
            paths.put("gateway, cache miss, streamed", new Path(chat,
                    i -> body("gpt-4o-mini", "Stream hello " + i, true), "miss"));
            paths.put("gateway, cache hit, streamed", new Path(chat,
                    i -> body("gpt-4o-mini", "Stream hello in five words", true), "hit"));
            send(client, paths.get("gateway, cache hit"), -1, "miss"); // keeps the answers the hits get
            send(client, paths.get("gateway, cache hit, streamed"), -1, "miss");
            Thread.sleep(200); // a stream is kept once its end is heard, just after the caller has it

            Map<String, long[]> nanos = new LinkedHashMap<>();
            paths.keySet().forEach(name -> nanos.put(name, new long[requests]));
            for (int i = -warmup; i < requests; i++) {
                for (Map.Entry<String, Path> path : paths.entrySet()) {
                    long took = send(client, path.getValue(), i + warmup + 1_000_000, path.getValue().expected);
                    if (i >= 0) {
                        nanos.get(path.getKey())[i] = took;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%d requests per path after %d warm-up rounds, one connection, %d cores%n",
                    requests, warmup, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "%-32s %9s %9s %9s%n", "path", "p50 ms", "p99 ms", "mean ms");
            nanos.forEach((name, took) -> {
                Arrays.sort(took);
                System.out.printf(Locale.ROOT, "%-32s %9.3f %9.3f %9.3f%n", name, took[took.length / 2] / 1e6,
                        took[(int) (took.length * 0.99)] / 1e6, Arrays.stream(took).average().orElse(0) / 1e6);
            });
        }
    }

    /** One request's time to its whole answer; fails when the cache did not say what the path expects. */
    private static long send(HttpClient client, Path path, int i, String expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(path.url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestGateway.CALLER_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(path.body.apply(i))).build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        String said = response.headers().firstValue("x-gateway-cache").orElse(null);
        if (response.statusCode() != 200 || (expected != null && !expected.equals(said))) {
            throw new IllegalStateException(path.url + ": " + response.statusCode() + " x-gateway-cache " + said
                    + ", expected " + expected + ": " + response.body());
        }
        return took;
    }

    private static String body(String model, String text, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"max_tokens\":16,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    private record Path(String url, IntFunction<String> body, String expected) {
    }
}
