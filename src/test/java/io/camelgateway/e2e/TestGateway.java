package io.camelgateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import io.camelgateway.GatewayConfiguration;
import io.camelgateway.GatewayMain;
import io.camelgateway.simulator.ProviderSimulator;

/**
 * The real gateway (camel-main, the YAML routes, Netty) on a free port, configured to call a provider simulator
 * with file credentials, as a user would configure it. Each test class gets its own copy of routes/.
 */
public final class TestGateway implements AutoCloseable {
    public static final String CALLER_KEY = "gw-test-caller-key";
    /** A static key with the admin role, for the admin API. */
    public static final String ADMIN_KEY = "gw-test-admin-key";
    public static final Map<String, String> PROVIDER_KEYS = Map.of(
            "openai", "sim-openai-key", "azure", "sim-azure-key", "anthropic", "sim-anthropic-key",
            "gemini", "sim-gemini-key");

    private final Main main;
    private final Path dir;
    private final int port;

    private TestGateway(Main main, Path dir, int port) {
        this.main = main;
        this.dir = dir;
        this.port = port;
    }

    public static TestGateway start(ProviderSimulator simulator) {
        return start(simulator, Map.of());
    }

    /** @param extraEnv variables on top of the test defaults (GATEWAY_CONFIG, GATEWAY_API_KEYS) */
    public static TestGateway start(ProviderSimulator simulator, Map<String, String> extraEnv) {
        return start(simulator, extraEnv, Map.of());
    }

    /** @param properties gateway properties (gateway-defaults.properties keys) to override */
    public static TestGateway start(ProviderSimulator simulator, Map<String, String> extraEnv,
                                    Map<String, String> properties) {
        return start(simulator, extraEnv, properties, "", List.of());
    }

    /** @param extraConfig gateway.yaml blocks added to the test configuration ({@code auth:}, {@code policy:}...) */
    public static TestGateway start(ProviderSimulator simulator, Map<String, String> extraEnv,
                                    Map<String, String> properties, String extraConfig) {
        return start(simulator, extraEnv, properties, extraConfig, List.of());
    }

    /**
     * @param extraConfig YAML added to the test gateway.yaml (an {@code auth:} block, say)
     * @param extraRoutes route files added to the copy of routes/
     */
    public static TestGateway start(ProviderSimulator simulator, Map<String, String> extraEnv,
                                    Map<String, String> properties, String extraConfig, List<Path> extraRoutes) {
        try {
            Path dir = Files.createTempDirectory("gateway-test");
            Path routes = dir.resolve("routes");
            copyRoutes(routes);
            for (Path route : extraRoutes) {
                Files.copy(route, routes.resolve(route.getFileName()));
            }
            writeProviderKeys(dir);
            CloudKeys.write(simulator, dir);
            Files.writeString(dir.resolve("gateway.yaml"), config(simulator.baseUrl(), dir) + extraConfig);
            Map<String, String> env = new HashMap<>();
            env.put("GATEWAY_CONFIG", dir.resolve("gateway.yaml").toString());
            env.put("GATEWAY_API_KEYS", CALLER_KEY);
            env.putAll(extraEnv);
            int port = freePort();
            Main main = new Main();
            GatewayMain.configure(main, routes, new GatewayConfiguration(env::get));
            main.addOverrideProperty("gateway.port", String.valueOf(port));
            main.addOverrideProperty("gateway.host", "127.0.0.1");
            main.addOverrideProperty("gateway.max-body-bytes", "65536");
            main.addOverrideProperty("gateway.data-dir", dir.resolve("data").toString());
            // Each test class's gateway would load the models in the background: the suite loads them where used.
            main.addOverrideProperty("gateway.models.warm-up", "false");
            // Nor distil the static routing table into each one's fresh data folder (seconds of CPU each).
            main.addOverrideProperty("gateway.routing.fast-encoder", "none");
            properties.forEach(main::addOverrideProperty);
            main.start();
            return new TestGateway(main, dir, port);
        } catch (Exception e) {
            throw new IllegalStateException("The gateway did not start", e);
        }
    }

    /** The providers' keys as the files {@link #config}'s gateway.yaml names ({@code file:<dir>/<provider>.key}). */
    static void writeProviderKeys(Path dir) throws IOException {
        for (Map.Entry<String, String> key : PROVIDER_KEYS.entrySet()) {
            Files.writeString(dir.resolve(key.getKey() + ".key"), key.getValue() + "\n");
        }
    }

    static String config(String simulator, Path dir) {
        return """
                keys:
                  - name: second-caller
                    key: gw-second-caller-key
                    team: research
                  - name: test-admin
                    key: gw-test-admin-key
                    roles: [admin]
                providers:
                  openai:
                    format: openai
                    baseUrl: %1$s/v1
                    credential: file:%2$s/openai.key
                    models: [gpt-4o-mini, text-embedding-3-small]
                    firstByteTimeout: 2s
                    requestTimeout: 30s
                  azure:
                    format: azure
                    baseUrl: %1$s
                    credential: file:%2$s/azure.key
                    deployments: {gpt-4o: prod-gpt4o}
                    requestTimeout: 30s
                  anthropic:
                    format: anthropic
                    baseUrl: %1$s
                    credential: file:%2$s/anthropic.key
                    requestTimeout: 30s
                  gemini:
                    format: gemini
                    baseUrl: %1$s
                    credential: file:%2$s/gemini.key
                    requestTimeout: 30s
                  bedrock:
                    format: bedrock
                    region: us-east-1
                    baseUrl: %1$s
                    credential: file:%2$s/bedrock.json
                    requestTimeout: 30s
                  vertex:
                    format: vertex
                    project: sim-project
                    location: us-central1
                    baseUrl: %1$s
                    credential: file:%2$s/vertex.json
                    requestTimeout: 30s
                  vertex-brief:
                    format: vertex
                    project: sim-project
                    location: us-central1
                    baseUrl: %1$s
                    credential: file:%2$s/vertex-brief.json
                    requestTimeout: 30s
                  impatient:
                    format: openai
                    baseUrl: %1$s/v1
                    credential: file:%2$s/openai.key
                    requestTimeout: 1s
                  brief:
                    format: openai
                    baseUrl: %1$s/v1
                    credential: file:%2$s/openai.key
                    firstByteTimeout: 500ms
                    requestTimeout: 1500ms
                  openai-batch:
                    format: openai
                    baseUrl: %1$s/v1
                    credential: file:%2$s/openai.key
                    batches: provider
                  anthropic-batch:
                    format: anthropic
                    baseUrl: %1$s
                    credential: file:%2$s/anthropic.key
                    batches: provider
                  gemini-batch:
                    format: gemini
                    baseUrl: %1$s
                    credential: file:%2$s/gemini.key
                    batches: provider
                  private:
                    format: openai
                    baseUrl: %1$s/v1
                    credential: file:%2$s/openai.key
                  queued:
                    format: openai
                    baseUrl: %1$s/v1
                    credential: file:%2$s/openai.key
                    limits: {concurrency: 2}
                    queue: {size: 10, maxWait: 5s}
                  cramped:
                    format: openai
                    baseUrl: %1$s/v1
                    credential: file:%2$s/openai.key
                    limits: {concurrency: 1}
                    queue: {size: 1, maxWait: 1s}
                  unconfigured:
                    format: openai
                    baseUrl: %1$s/v1
                    credential: env:SOME_UNSET_VARIABLE
                  nowhere:
                    format: openai
                    baseUrl: http://127.0.0.1:%3$d/v1
                    credential: none
                    connectTimeout: 1s
                models:
                  gpt-4o-mini: openai/gpt-4o-mini
                  claude-sonnet: anthropic/claude-sonnet-4-5
                  gemini-flash: gemini/gemini-2.5-flash
                prices:
                  openai/gpt-4o: {input: 2.50, output: 10.00}
                  openai/gpt-4o-mini: {input: 0.15, output: 0.60}
                  openai-batch/gpt-4o-mini: {input: 0.15, output: 0.60}
                  anthropic/claude-sonnet-4-5: {input: 3.00, output: 15.00}
                  anthropic-batch/claude-sonnet-4-5: {input: 3.00, output: 15.00}
                  anthropic/claude-haiku-4-5: {input: 1.00, output: 5.00, cachedInput: 0.10, cacheWrite: 1.25}
                  gemini/gemini-2.5-flash: {input: 0.30, output: 2.50}
                  gemini-batch/gemini-2.5-flash: {input: 0.30, output: 2.50}
                """.formatted(simulator, dir, closedPort());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The folder holding this gateway's routes/, gateway.yaml, credential files and data/ (its store). */
    public Path dir() {
        return dir;
    }

    /** A bean the gateway bound, to read its state (see GatewayConfiguration for the names). */
    public <T> T bean(String name, Class<T> type) {
        return main.getCamelContext().getRegistry().lookupByNameAndType(name, type);
    }

    /** The gateway's Camel context, to send an exchange into one of its routes. */
    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Stops or starts one of the gateway's routes, as an operator would through Camel's route controller. */
    public void route(String id, boolean started) throws Exception {
        if (started) {
            main.getCamelContext().getRouteController().startRoute(id);
        } else {
            main.getCamelContext().getRouteController().stopRoute(id);
        }
    }

    @Override
    public void close() {
        main.stop();
    }

    private static void copyRoutes(Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nothing listens on, for refused connections. */
    static int closedPort() {
        return freePort();
    }
}
