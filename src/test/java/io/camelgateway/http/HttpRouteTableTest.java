package io.camelgateway.http;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.apache.camel.component.netty.http.NettyHttpConsumer;
import org.apache.camel.component.netty.http.NettyHttpEndpoint;
import org.apache.camel.component.netty.http.handlers.HttpServerChannelHandler;
import org.apache.camel.component.netty.http.handlers.HttpServerMultiplexChannelHandler;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's port chooses each request's route from a table instead of Camel's per-request match: wherever the
 * table decides, it must pick the route Camel's own multiplexer picks (asked here directly, through its private
 * getHandler), for the shipped routes and for route sets a user could write; what it does not decide goes to Camel.
 */
class HttpRouteTableTest {
    private static final int PORT = 18999;
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS",
            "get", "ET", "FOO");
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close() throws IOException {
        camel.close();
    }

    @Test
    void theShippedRoutesAreChosenAsCamelChoosesThem() throws Exception {
        Routes routes = routes(shippedRoutes());
        List<String> paths = new ArrayList<>(List.of("/", "/v1", "/v1/", "/nothing/here", "/v1/responsesX",
                "/v1/responses/resp_1", "/v1/responses/resp_1/input_items", "/v1/files/file-1/content",
                "/admin/v1/keys/key_1", "/V1/CHAT/COMPLETIONS", "/v1/chat/completions/", "//v1/models",
                "/v1//models", "/v1/models?x=1", "/v1/models?", "/v1/a%20b", "/v1/mod%65ls", "/v1/mod:18999/x",
                "http://127.0.0.1:18999/v1/models", "http://host/v1/models", "*", "", "/v1/models/gpt-4o:free",
                "/health/live.", "/metrics/"));
        for (String path : shippedPaths()) {
            paths.addAll(List.of(path, path + "/", path + "/x", path + "x", path + "/x/y", path.toUpperCase(),
                    path + "?limit=1"));
        }
        int decided = routes.assertChosenAsCamel(paths);
        assertTrue(decided > paths.size(), "the table decides most: " + decided);

        assertEquals("/v1/chat/completions", routes.tablePath("POST", "/v1/chat/completions"));
        assertEquals("/", routes.tablePath("GET", "/v1/chat/completions"), "the catch-all answers its 405");
        assertEquals("/v1/responses", routes.tablePath("GET", "/v1/responses/resp_1"));
        assertEquals("/v1/files", routes.tablePath("GET", "/v1/files/file-1/content"));
        assertEquals("/admin/v1/keys", routes.tablePath("PATCH", "/admin/v1/keys/key_1"));
        assertEquals("/", routes.tablePath("GET", "/v1/nothing"));
        assertNull(routes.tablePath("OPTIONS", "/v1/models"), "Camel answers OPTIONS itself");
    }

    @Test
    void routeSetsAUserCouldWriteAreChosenAsCamelChoosesThem() throws Exception {
        List<List<String>> sets = List.of(
                // no catch-all: Camel's 404 and 405
                List.of("/v1/models?httpMethodRestrict=GET", "/v1/chat/completions?httpMethodRestrict=POST"),
                // equally long paths, a trailing slash, case, a prefix that is no segment, restrictions that overlap
                List.of("/a/b/?matchOnUriPrefix=true", "/A/B?httpMethodRestrict=GET", "/a/bc",
                        "/a?matchOnUriPrefix=true&httpMethodRestrict=POST,PATCH", "/a/b/c?httpMethodRestrict=PUT",
                        "/ab?matchOnUriPrefix=true", "?matchOnUriPrefix=true&httpMethodRestrict=DELETE"),
                List.of("/x/y?httpMethodRestrict=GET", "/x/y?httpMethodRestrict=POST", "/x?matchOnUriPrefix=true"));
        for (List<String> set : sets) {
            Routes routes = routes(set);
            List<String> paths = new ArrayList<>(List.of("/", "/a", "/a/", "/a/b", "/A/b", "/a/b/", "/a/bc", "/a/bcd",
                    "/a/b/c", "/a/b/c/d", "/ab", "/abc", "/ab/c", "/x", "/x/y", "/x/y/z", "/X/Y", "/v1/models",
                    "/v1/models/x", "/v1/chat/completions", "/zzz"));
            assertTrue(routes.assertChosenAsCamel(paths) > 0, set.toString());
        }
    }

    @Test
    void aTemplateOrProxyRouteLeavesEveryChoiceToCamel() throws Exception {
        Routes template = routes(List.of("/v1/models", "/v1/models/{id}", "/?matchOnUriPrefix=true"));
        assertNull(template.tablePath("GET", "/v1/models"));
        assertEquals(0, template.assertChosenAsCamel(List.of("/v1/models", "/v1/models/a", "/x")));
    }

    @Test
    void aFloodOfRandomPathsIsChosenAsCamelChooses() throws Exception {
        Routes routes = routes(shippedRoutes());
        Random random = new Random(14);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABC0123456789-._/%:?{}~";
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            StringBuilder path = new StringBuilder(random.nextBoolean() ? "/v1/" : "/");
            for (int n = random.nextInt(30); n > 0; n--) {
                path.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            paths.add(path.toString());
        }
        assertTrue(routes.assertChosenAsCamel(paths) > 1_000);
    }

    /** The same routes as Camel's multiplexer and as the table. */
    private final class Routes {
        private final HttpServerMultiplexChannelHandler camelMultiplexer = new HttpServerMultiplexChannelHandler();
        private final HttpRouteTable table;
        private final Method camelChoice;

        Routes(List<NettyHttpConsumer> consumers) throws Exception {
            camelMultiplexer.init(PORT);
            List<HttpServerChannelHandler> handlers = new ArrayList<>();
            for (NettyHttpConsumer consumer : consumers) {
                camelMultiplexer.addConsumer(consumer);
                handlers.add(new HttpServerChannelHandler(consumer));
            }
            table = HttpRouteTable.of(handlers);
            camelChoice = HttpServerMultiplexChannelHandler.class.getDeclaredMethod("getHandler", HttpRequest.class,
                    String.class);
            camelChoice.setAccessible(true);
        }

        /** Asks both for every path and method; returns how many of them the table decided. */
        int assertChosenAsCamel(List<String> paths) throws Exception {
            int decided = 0;
            for (String path : paths) {
                for (String method : METHODS) {
                    HttpServerChannelHandler chosen = table.choose(method, path);
                    if (chosen != null) {
                        decided++;
                        HttpServerChannelHandler camels = (HttpServerChannelHandler) camelChoice.invoke(camelMultiplexer,
                                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path),
                                method);
                        assertNotNull(camels, method + " " + path + ": Camel chooses none");
                        assertEquals(camels.getConsumer().getEndpoint().getEndpointUri(),
                                chosen.getConsumer().getEndpoint().getEndpointUri(), method + " " + path);
                    }
                }
            }
            return decided;
        }

        String tablePath(String method, String path) {
            HttpServerChannelHandler chosen = table.choose(method, path);
            return chosen == null ? null : chosen.getConsumer().getConfiguration().getPath();
        }
    }

    private Routes routes(List<String> pathsAndOptions) throws Exception {
        List<NettyHttpConsumer> consumers = new ArrayList<>();
        for (String pathAndOptions : pathsAndOptions) {
            NettyHttpEndpoint endpoint = camel.getEndpoint("netty-http:http://0.0.0.0:" + PORT + pathAndOptions,
                    NettyHttpEndpoint.class);
            consumers.add((NettyHttpConsumer) endpoint.createConsumer(exchange -> { }));
        }
        return new Routes(consumers);
    }

    /** The gateway's own netty-http routes, in the order of the route files, with their path and options. */
    private static List<String> shippedRoutes() throws IOException {
        List<String> routes = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.sorted().toList()) {
                for (JsonNode item : new YAMLMapper().readTree(file.toFile())) {
                    JsonNode from = item.path("route").path("from");
                    String uri = from.path("uri").asText();
                    if (!uri.contains("{{gateway.port}}")) {
                        continue;
                    }
                    String options = "?matchOnUriPrefix=" + from.path("parameters").path("matchOnUriPrefix").asBoolean();
                    JsonNode restrict = from.path("parameters").path("httpMethodRestrict");
                    routes.add(uri.substring(uri.indexOf("{{gateway.port}}") + 16) + options
                            + (restrict.isMissingNode() ? "" : "&httpMethodRestrict=" + restrict.asText()));
                }
            }
        }
        assertTrue(routes.size() >= 18, routes.toString());
        return routes;
    }

    private static List<String> shippedPaths() throws IOException {
        return shippedRoutes().stream().map(route -> route.substring(0, route.indexOf('?'))).toList();
    }
}
