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

import io.camelgateway.api.Json;
import io.camelgateway.e2e.TestGateway;
import io.camelgateway.simulator.ProviderSimulator;

/**
 * What the Responses store costs a POST /v1/responses over HTTP, in one run: a simulator and a gateway (its H2
 * store in a temporary folder) in this JVM, one caller on one keep-alive connection sending the paths in turn (so
 * drift hits them alike): store: false, store: true (written before the answer), and continuing a stored
 * conversation of five turns (read, then written), plain and streamed. Prints p50, p99 and the mean per path. Run it
 * with {@code src/bench/responses_store_latency.sh [requests-per-path]}.
 */
public final class StoredResponsesLatency {
    private static final int TURNS = 5;

    private StoredResponsesLatency() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmup = Math.max(300, requests / 5);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ProviderSimulator simulator = ProviderSimulator.start(0);
             TestGateway gateway = TestGateway.start(simulator)) {
            String url = gateway.baseUrl() + "/v1/responses";
            String conversation = null;
            for (int turn = 0; turn < TURNS - 1; turn++) {
                conversation = Json.tree(send(client, url, body("Turn " + turn, true, false, conversation)).body())
                        .get("id").asText();
            }
            String last = conversation;
            Map<String, IntFunction<String>> paths = new LinkedHashMap<>();
            paths.put("store: false", i -> body("Question " + i, false, false, null));
            paths.put("store: true", i -> body("Question " + i, true, false, null));
            paths.put("continue 5 turns, store: true", i -> body("Question " + i, true, false, last));
            paths.put("store: false, streamed", i -> body("Question " + i, false, true, null));
            paths.put("store: true, streamed", i -> body("Question " + i, true, true, null));
            paths.put("continue 5 turns, streamed", i -> body("Question " + i, true, true, last));

            Map<String, long[]> nanos = new LinkedHashMap<>();
            paths.keySet().forEach(name -> nanos.put(name, new long[requests]));
            for (int i = -warmup; i < requests; i++) {
                for (Map.Entry<String, IntFunction<String>> path : paths.entrySet()) {
                    long start = System.nanoTime();
                    send(client, url, path.getValue().apply(i));
                    if (i >= 0) {
                        nanos.get(path.getKey())[i] = System.nanoTime() - start;
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

    private static HttpResponse<String> send(HttpClient client, String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestGateway.CALLER_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static String body(String text, boolean store, boolean stream, String previous) {
        return "{\"model\":\"openai/gpt-4o-mini\",\"store\":" + store + ",\"stream\":" + stream
                + (previous == null ? "" : ",\"previous_response_id\":\"" + previous + "\"")
                + ",\"input\":\"" + text + "\"}";
    }
}
