package io.camelgateway.security.jwt;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on 127.0.0.1 that publishes a JSON Web Key Set at /jwks.json, as an issuer does, and records every
 * request it gets. It can change its keys, answer 503 (down) or never answer (hanging).
 */
public final class JwksServer implements AutoCloseable {
    public enum Mode { UP, DOWN, HANGING }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile String keys = new JWKSet().toString();
    private volatile Mode mode = Mode.UP;

    private JwksServer(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    public static JwksServer start() {
        return new JwksServer(0);
    }

    public static JwksServer start(int port) {
        return new JwksServer(port);
    }

    /** Where the key set is, and the base of any other URL a test wants to show is never fetched. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public String jwksUrl() {
        return url("/jwks.json");
    }

    /** Publishes these keys' public parts, and only them. */
    public void publish(List<? extends JWK> published) {
        keys = new JWKSet(List.copyOf(published)).toPublicJWKSet().toString();
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** The paths of every request received, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestURI().getRawPath());
        try (exchange) {
            if (mode == Mode.HANGING) {
                closed.await(30, TimeUnit.SECONDS);
                return;
            }
            if (mode == Mode.DOWN || !"/jwks.json".equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(mode == Mode.DOWN ? 503 : 404, -1);
                return;
            }
            byte[] body = keys.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
