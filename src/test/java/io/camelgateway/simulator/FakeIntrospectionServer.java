package io.camelgateway.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.camelgateway.api.Json;

/**
 * An OAuth2 authorization server's token introspection endpoint (RFC 7662) on 127.0.0.1, for tests: it accepts only
 * a POST of {@code application/x-www-form-urlencoded} with a {@code token} parameter from a client that
 * authenticates with HTTP Basic (RFC 6749 §2.3.1, the id and secret form-encoded), answers
 * {@code {"active":true, ...}} for the tokens it was given and {@code {"active":false}} for any other, misbehaves
 * on command with the provider simulator's {@link Fault}s (status, rawBody, headerDelay, bodyBytes, times), and
 * counts the calls it answered. It is a fake for tests, never an authorization server.
 */
public final class FakeIntrospectionServer implements AutoCloseable {
    public static final String PATH = "/oauth2/introspect";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final String clientId;
    private final String clientSecret;
    private final Map<String, ObjectNode> tokens = new ConcurrentHashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Map<String, String>> forms = new ArrayList<>();

    private FakeIntrospectionServer(String clientId, String clientSecret) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext(PATH, this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** An endpoint that answers the client with this id and secret only. */
    public static FakeIntrospectionServer start(String clientId, String clientSecret) {
        try {
            return new FakeIntrospectionServer(clientId, clientSecret);
        } catch (IOException e) {
            throw new IllegalStateException("The fake introspection server did not start", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /**
     * Makes a token active, with these fields besides {@code active: true} (sub, scope, exp, client_id...); a
     * number value stays a number.
     */
    public void activate(String token, Map<String, Object> fields) {
        ObjectNode answer = Json.object().put("active", true);
        fields.forEach((name, value) -> answer.set(name, Json.MAPPER.valueToTree(value)));
        tokens.put(token, answer);
    }

    /** Revokes a token: it is inactive from now on. */
    public void revoke(String token) {
        tokens.remove(token);
    }

    /** Applies this misbehaviour to the next {@code fault.times()} calls (or all, for -1). */
    public synchronized void fail(Fault fault) {
        faults.add(fault);
    }

    public synchronized void clear() {
        faults.clear();
        forms.clear();
        calls.set(0);
    }

    /** The calls answered (client authentication refusals included). */
    public int calls() {
        return calls.get();
    }

    /** The form parameters of each call, oldest first. */
    public synchronized List<Map<String, String>> forms() {
        return List.copyOf(forms);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            calls.incrementAndGet();
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            Fault fault = nextFault();
            if (fault != null && !fault.headerDelay().isZero()) {
                sleep(fault.headerDelay().toMillis());
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "{\"error\":\"invalid_request\"}");
                return;
            }
            if (!authenticated(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"introspection\"");
                answer(exchange, 401, "{\"error\":\"invalid_client\"}");
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            Map<String, String> form = form(new String(requestBody, StandardCharsets.UTF_8));
            synchronized (this) {
                forms.add(form);
            }
            if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")
                    || !form.containsKey("token")) {
                answer(exchange, 400, "{\"error\":\"invalid_request\"}");
                return;
            }
            if (fault != null && fault.status() != 0) {
                answer(exchange, fault.status(), "{\"error\":\"server_error\"}");
            } else if (fault != null && fault.rawBody() != null) {
                answer(exchange, 200, fault.rawBody());
            } else if (fault != null && fault.bodyBytes() > 0) {
                answer(exchange, 200, "{\"active\":false,\"padding\":\"" + "x".repeat((int) fault.bodyBytes()) + "\"}");
            } else {
                ObjectNode known = tokens.get(form.get("token"));
                answer(exchange, 200, known != null ? known.toString() : "{\"active\":false}");
            }
        }
    }

    private synchronized Fault nextFault() {
        if (faults.isEmpty()) {
            return null;
        }
        Fault fault = faults.get(0);
        if (fault.times() > 0) {
            faults.remove(0);
            if (fault.times() > 1) {
                faults.add(0, fault.withTimes(fault.times() - 1));
            }
        }
        return fault;
    }

    /** HTTP Basic with the client id and secret each form-encoded first, as RFC 6749 §2.3.1 says. */
    private boolean authenticated(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return false;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = pair.indexOf(':');
        return colon > 0 && clientId.equals(decode(pair.substring(0, colon)))
                && clientSecret.equals(decode(pair.substring(colon + 1)));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return form;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
