package io.camelgateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Prometheus (Debian's package; installed with apt-get when missing and allowed) on a free loopback port,
 * with its own config and data folder, scraping one target's /metrics every second. Not a system service: this
 * process starts it and stops it.
 */
final class PrometheusServer implements AutoCloseable {
    private static final String BINARY = "/usr/bin/prometheus";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path dir;
    private final int port;

    private PrometheusServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Whether the binary is here, after installing Debian's package if it was not and apt-get may run. */
    static boolean installed() {
        if (Files.isExecutable(Path.of(BINARY))) {
            return true;
        }
        if (Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            try {
                ProcessBuilder install = new ProcessBuilder("apt-get", "install", "-y", "prometheus")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                install.environment().put("DEBIAN_FRONTEND", "noninteractive");
                Process p = install.start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return Files.isExecutable(Path.of(BINARY));
    }

    /** Starts scraping {@code target} (host:port) every second and waits until Prometheus is ready. */
    static PrometheusServer scraping(String target) {
        try {
            Path dir = Files.createTempDirectory("prometheus-test");
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: gateway
                        metrics_path: /metrics
                        static_configs:
                          - targets: ['%s']
                    """.formatted(target));
            int port = TestGateway.freePort();
            Process process = new ProcessBuilder(BINARY,
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            PrometheusServer server = new PrometheusServer(process, dir, port);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus stopped: " + log());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // still starting
            }
            sleep(100);
        }
        throw new IllegalStateException("Prometheus was not ready within 30 s: " + log());
    }

    /** The result of an instant query (Prometheus's HTTP API): an array of series, maybe empty. */
    JsonNode query(String promql) {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            JsonNode body = JSON.readTree(r.body());
            if (!"success".equals(body.path("status").asText())) {
                throw new AssertionError("Prometheus refused " + promql + ": " + r.body());
            }
            return body.path("data").path("result");
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** How many scrapes of the target have succeeded so far. */
    int scrapes() {
        JsonNode result = query("count_over_time(up{job=\"gateway\"}[1h])");
        JsonNode up = query("up{job=\"gateway\"}");
        return result.isEmpty() || up.isEmpty() || up.get(0).path("value").get(1).asDouble() != 1 ? 0
                : result.get(0).path("value").get(1).asInt();
    }

    String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return Http.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind
        }
    }
}
