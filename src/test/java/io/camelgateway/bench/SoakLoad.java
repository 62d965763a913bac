package io.camelgateway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak's load (src/bench/soak.sh): chat requests at a fixed rate, every other one streamed, for a given time,
 * over a fixed number of keep-alive connections, as an SDK's connection pool sends them. Each connection sends its
 * next request when its turn comes, or as soon as its previous answer is in when that answer was late, so a slow
 * gateway shows as a lower rate, not as a pile of connections. Each answer is checked whole: a 200, and for a
 * stream, {@code data: [DONE]} last. Prints its totals every 5 seconds and when it ends.
 * <p>
 * Usage: {@code SoakLoad <chat completions URL> <caller key> <model> <requests per second> <seconds> <connections>}
 */
public final class SoakLoad {
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger failuresShown = new AtomicInteger();
    private final URI url;
    private final String key;
    private final String model;

    private SoakLoad(URI url, String key, String model) {
        this.url = url;
        this.key = key;
        this.model = model;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: SoakLoad <chat completions URL> <caller key> <model> <requests/s> <seconds> "
                    + "<connections>");
            System.exit(2);
        }
        int rate = Integer.parseInt(args[3]);
        long seconds = Long.parseLong(args[4]);
        int connections = Integer.parseInt(args[5]);
        SoakLoad load = new SoakLoad(URI.create(args[0]), args[1], args[2]);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long interval = TimeUnit.SECONDS.toNanos(connections) / rate; // between two requests of one connection
        ExecutorService workers = Executors.newFixedThreadPool(connections);
        for (int c = 0; c < connections; c++) {
            long first = start + interval * c / connections; // spread the connections' turns evenly
            workers.execute(() -> load.run(first, interval, end));
        }
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        clock.scheduleAtFixedRate(() -> load.report("at " + elapsed(start) + " s"), 5, 5, TimeUnit.SECONDS);
        workers.shutdown();
        workers.awaitTermination(seconds + 60, TimeUnit.SECONDS);
        clock.shutdownNow();
        load.report("done after " + elapsed(start) + " s");
    }

    /** One keep-alive connection: a client of its own, one request at a time, each at its turn. */
    private void run(long firstTurn, long interval, long end) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        for (long turn = firstTurn; turn < end; turn += interval) {
            long wait = turn - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            sendOne(client);
        }
    }

    private void sendOne(HttpClient client) {
        long n = sent.incrementAndGet();
        boolean stream = n % 2 == 0;
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"soak request " + n + "\"}]}";
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                fail(response.statusCode() + " " + response.body());
            } else if (stream && !response.body().endsWith("data: [DONE]\n\n")) {
                fail("a stream without [DONE] at its end: " + response.body());
            } else {
                ok.incrementAndGet();
            }
        } catch (IOException e) {
            fail(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(String why) {
        failed.incrementAndGet();
        if (failuresShown.incrementAndGet() <= 5) {
            System.out.println("soak-load failure: " + why);
        }
    }

    private void report(String when) {
        System.out.printf("soak-load %s: sent %d ok %d failed %d%n", when, sent.get(), ok.get(), failed.get());
    }

    private static long elapsed(long start) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    }
}
