package io.camelgateway.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for HashiCorp Vault for tests, on 127.0.0.1, answering the part of Vault's published HTTP API the
 * gateway uses, in Vault's shapes: KV version 2 ({@code GET/POST /v1/<mount>/data/<path>}: {@code data.data},
 * {@code data.metadata.version}), AppRole login ({@code POST /v1/auth/<mount>/login}: {@code auth.client_token},
 * {@code auth.lease_duration}), token lookup-self, renew-self and revoke-self, every call authorised by the
 * {@code X-Vault-Token} header, errors as {@code {"errors":[...]}} (403 for a missing, unknown or expired token,
 * 404 for a missing secret, 400 for a bad AppRole login, 503 while sealed). Tokens expire after their TTL.
 * It is not Vault: no policies, no other engines, no persistence.
 */
public final class FakeVault implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RECORDED = 10_000;

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
    private final Map<String, AppRole> roles = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private volatile boolean sealed;
    private volatile HttpServer server;
    private volatile int stoppedPort;

    private FakeVault() {
    }

    /** Starts on this port of 127.0.0.1 (0: any free port). */
    public static FakeVault start(int port) {
        FakeVault vault = new FakeVault();
        vault.listen(port);
        return vault;
    }

    private void listen(int on) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", on), 64);
            http.createContext("/v1/", this::handle);
            http.start();
            server = http;
        } catch (IOException e) {
            throw new IllegalStateException("The fake Vault could not listen on port " + on, e);
        }
    }

    public int port() {
        HttpServer http = server;
        return http != null ? http.getAddress().getPort() : stoppedPort;
    }

    public String address() {
        return "http://127.0.0.1:" + port();
    }

    /** Stops answering: connections are refused, as when Vault is down. */
    public void stop() {
        stoppedPort = port();
        server.stop(0);
        server = null;
    }

    /** Answers again, on the same port. */
    public void restart() {
        listen(stoppedPort);
    }

    /** A sealed Vault answers 503 {"errors":["Vault is sealed"]} to everything. */
    public void seal(boolean sealed) {
        this.sealed = sealed;
    }

    /** A token Vault accepts, valid for {@code ttl} (zero: never expires, as a root token). */
    public void addToken(String token, Duration ttl, boolean renewable) {
        tokens.put(token, new Token(token, UUID.randomUUID().toString(), Instant.now(), ttl, renewable));
    }

    /** An AppRole whose login gives tokens valid for {@code tokenTtl}. */
    public void addAppRole(String roleId, String secretId, Duration tokenTtl) {
        roles.put(roleId, new AppRole(secretId, tokenTtl));
    }

    /** Writes a new version of a KV v2 secret, as {@code vault kv put -mount=<mount> <path> k=v} does. */
    public long write(String mount, String path, Map<String, String> data) {
        List<Version> versions = secrets.computeIfAbsent(mount + "/" + path, k -> new CopyOnWriteArrayList<>());
        synchronized (versions) {
            versions.add(new Version(Map.copyOf(data), Instant.now(), versions.size() + 1));
            return versions.size();
        }
    }

    /** "METHOD /v1/path" of each request, in order. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** The tokens AppRole logins gave out, so a test can check that none is logged. */
    public List<String> issuedTokens() {
        return List.copyOf(issued);
    }

    /** How many AppRole logins succeeded. */
    public int logins() {
        return logins.get();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath().substring("/v1/".length());
            if (received.size() < MAX_RECORDED) {
                received.add(method + " /v1/" + path);
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (sealed) {
                error(exchange, 503, "Vault is sealed");
                return;
            }
            if (method.equals("POST") && path.startsWith("auth/") && path.endsWith("/login")) {
                appRoleLogin(exchange, body);
                return;
            }
            Token token = token(exchange.getRequestHeaders().getFirst("X-Vault-Token"));
            if (token == null) {
                error(exchange, 403, "permission denied");
                return;
            }
            switch (path) {
                case "auth/token/lookup-self" -> send(exchange, 200, envelope(null, lookup(token)));
                case "auth/token/renew-self" -> {
                    Token renewed = token.renewed();
                    tokens.put(renewed.id, renewed);
                    send(exchange, 200, envelope(auth(renewed), null));
                }
                case "auth/token/revoke-self" -> {
                    tokens.remove(token.id);
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> kv(exchange, method, path, body);
            }
        } catch (RuntimeException e) {
            error(exchange, 500, "internal error");
        }
    }

    private void kv(HttpExchange exchange, String method, String path, byte[] body) throws IOException {
        int data = path.indexOf("/data/");
        if (data < 0) {
            error(exchange, 404, null);
            return;
        }
        String key = path.substring(0, data) + "/" + path.substring(data + "/data/".length());
        if (method.equals("GET")) {
            List<Version> versions = secrets.get(key);
            if (versions == null || versions.isEmpty()) {
                error(exchange, 404, null);
                return;
            }
            Version latest = versions.get(versions.size() - 1);
            ObjectNode payload = JSON.createObjectNode();
            payload.set("data", JSON.valueToTree(latest.data));
            payload.set("metadata", metadata(latest));
            send(exchange, 200, envelope(null, payload));
        } else if (method.equals("POST") || method.equals("PUT")) {
            JsonNode fields = JSON.readTree(body).path("data");
            Map<String, String> values = new java.util.HashMap<>();
            fields.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            String[] parts = key.split("/", 2);
            long version = write(parts[0], parts[1], values);
            send(exchange, 200, envelope(null, metadata(secrets.get(key).get((int) version - 1))));
        } else {
            error(exchange, 405, null);
        }
    }

    private void appRoleLogin(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode login = JSON.readTree(body);
        AppRole role = roles.get(login.path("role_id").asText());
        if (role == null) {
            error(exchange, 400, "invalid role ID");
            return;
        }
        if (!role.secretId.equals(login.path("secret_id").asText())) {
            error(exchange, 400, "invalid secret id");
            return;
        }
        Token token = new Token("hvs." + UUID.randomUUID().toString().replace("-", ""), UUID.randomUUID().toString(),
                Instant.now(), role.tokenTtl, true);
        tokens.put(token.id, token);
        issued.add(token.id);
        logins.incrementAndGet();
        send(exchange, 200, envelope(auth(token), null));
    }

    private Token token(String id) {
        Token token = id == null ? null : tokens.get(id);
        if (token != null && token.expired()) {
            tokens.remove(id);
            return null;
        }
        return token;
    }

    private static ObjectNode metadata(Version version) {
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("created_time", version.created.toString());
        metadata.putNull("custom_metadata");
        metadata.put("deletion_time", "");
        metadata.put("destroyed", false);
        metadata.put("version", version.number);
        return metadata;
    }

    private static ObjectNode auth(Token token) {
        ObjectNode auth = JSON.createObjectNode();
        auth.put("client_token", token.id);
        auth.put("accessor", token.accessor);
        auth.set("policies", JSON.createArrayNode().add("default").add("llm-keys"));
        auth.set("token_policies", JSON.createArrayNode().add("default").add("llm-keys"));
        auth.putNull("metadata");
        auth.put("lease_duration", token.ttl.toSeconds());
        auth.put("renewable", token.renewable);
        auth.put("entity_id", "");
        auth.put("token_type", "service");
        auth.put("orphan", true);
        return auth;
    }

    private static ObjectNode lookup(Token token) {
        ObjectNode data = JSON.createObjectNode();
        data.put("accessor", token.accessor);
        data.put("creation_time", token.issued.getEpochSecond());
        data.put("creation_ttl", token.ttl.toSeconds());
        data.put("display_name", "token");
        data.put("entity_id", "");
        if (token.ttl.isZero()) {
            data.putNull("expire_time");
        } else {
            data.put("expire_time", token.issued.plus(token.ttl).toString());
        }
        data.put("explicit_max_ttl", 0);
        data.put("id", token.id);
        data.putNull("meta");
        data.put("num_uses", 0);
        data.put("orphan", true);
        data.put("path", "auth/token/create");
        data.set("policies", JSON.createArrayNode().add("default").add("llm-keys"));
        data.put("renewable", token.renewable && !token.ttl.isZero());
        data.put("ttl", token.ttl.isZero() ? 0 : Math.max(0,
                Duration.between(Instant.now(), token.issued.plus(token.ttl)).toSeconds()));
        data.put("type", "service");
        return data;
    }

    /** Vault's response envelope around {@code data} or {@code auth}. */
    private static ObjectNode envelope(ObjectNode auth, ObjectNode data) {
        ObjectNode response = JSON.createObjectNode();
        response.put("request_id", UUID.randomUUID().toString());
        response.put("lease_id", "");
        response.put("renewable", false);
        response.put("lease_duration", 0);
        response.set("data", data);
        response.putNull("wrap_info");
        response.putNull("warnings");
        response.set("auth", auth);
        response.put("mount_type", data != null && auth == null ? "kv" : "token");
        return response;
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        var errors = body.putArray("errors");
        if (message != null) {
            errors.add(message);
        }
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(64 * 1024);
        return body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body;
    }

    private record Token(String id, String accessor, Instant issued, Duration ttl, boolean renewable) {
        boolean expired() {
            return !ttl.isZero() && Instant.now().isAfter(issued.plus(ttl));
        }

        Token renewed() {
            return new Token(id, accessor, Instant.now(), ttl, renewable);
        }

        @Override
        public String toString() {
            return "Token[accessor=" + accessor + "]";
        }
    }

    private record AppRole(String secretId, Duration tokenTtl) {
    }

    private record Version(Map<String, String> data, Instant created, int number) {
    }
}
