package io.camelgateway.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.camelgateway.api.Json;
import io.camelgateway.simulator.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Editing a route file changes what the running gateway does, without a restart. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouteReloadTest extends GatewayTestSupport {

    @Test
    @Order(1)
    void editedChatFlowTakesEffectAndOtherRoutesKeepServing() throws Exception {
        HttpResponse<String> before = chat();
        assertEquals(200, before.statusCode());
        assertTrue(before.headers().firstValue("x-gateway-note").isEmpty());

        Path chatRoutes = gateway.dir().resolve("routes/chat.camel.yaml");
        String steps = "uri: direct:chat\n      steps:\n";
        String edited = Files.readString(chatRoutes).replace(steps, steps + """
                        - setHeader:
                            name: x-gateway-note
                            constant: edited-at-runtime
                """);
        assertTrue(edited.contains("edited-at-runtime"), "the edit applies to the shipped chat route");
        Files.writeString(chatRoutes, edited);

        HttpResponse<String> after = eventually(RouteReloadTest::chat,
                r -> r.headers().firstValue("x-gateway-note").isPresent());
        assertEquals("edited-at-runtime", after.headers().firstValue("x-gateway-note").orElseThrow());
        assertEquals(200, after.statusCode(), after.body());
        assertEquals(200, Http.get(gateway, "/v1/models", TestGateway.CALLER_KEY).statusCode());
    }

    @Test
    @Order(2)
    void editedIngressRouteTakesEffect() throws Exception {
        Path ingress = gateway.dir().resolve("routes/ingress.camel.yaml");
        Files.writeString(ingress, Files.readString(ingress).replace("'{\"status\":\"UP\"}'",
                "'{\"status\":\"UP\",\"note\":\"reloaded\"}'"));

        HttpResponse<String> live = eventually(() -> Http.get(gateway, "/health/live", null),
                r -> r.body().contains("reloaded"));
        assertEquals("{\"status\":\"UP\",\"note\":\"reloaded\"}", live.body());
        assertEquals(200, chat().statusCode(), "chat still serves after its ingress file reloaded");
    }

    /**
     * The port's routes are chosen from a table (HttpRouteMultiplexer) that follows the routes as they come and go: a
     * route added in a new file is found, and when its file moves it to another path (the old route removed, a new
     * one added), the old path is the catch-all's 404 again and the new one is found, with its 405 for another method;
     * stopped, it is gone until started again.
     */
    @Test
    @Order(3)
    void anHttpRouteAddedMovedOrRemovedAtRuntimeIsFoundWhereItIsNow() throws Exception {
        Path hello = gateway.dir().resolve("routes/hello.camel.yaml");
        String route = """
                - route:
                    id: hello
                    from:
                      uri: "netty-http:http://{{gateway.host}}:{{gateway.port}}/v1/hello"
                      parameters:
                        httpMethodRestrict: GET
                        usingExecutorService: false
                        encoders: "#requestSequencer,#ingressGuard"
                        nettyHttpBinding: "#gatewayHttpBinding"
                        headerFilterStrategy: "#gatewayHeaderFilter"
                      steps:
                        - setBody:
                            constant: '{"hello":"there"}'
                """;
        assertEquals("unknown_url", Http.error(Http.get(gateway, "/v1/hello", TestGateway.CALLER_KEY))
                .get("code").asText());
        Files.writeString(hello, route);
        HttpResponse<String> added = eventually(() -> Http.get(gateway, "/v1/hello", TestGateway.CALLER_KEY),
                r -> r.statusCode() == 200);
        assertEquals("{\"hello\":\"there\"}", added.body());

        Files.writeString(hello, route.replace("/v1/hello\"", "/v1/hello/again\""));
        HttpResponse<String> moved = eventually(() -> Http.get(gateway, "/v1/hello/again", TestGateway.CALLER_KEY),
                r -> r.statusCode() == 200);
        assertEquals("{\"hello\":\"there\"}", moved.body());
        HttpResponse<String> old = Http.get(gateway, "/v1/hello", TestGateway.CALLER_KEY);
        assertEquals(404, old.statusCode(), old.body());
        assertEquals("unknown_url", Http.error(old).get("code").asText());
        HttpResponse<String> posted = Http.post(gateway, "/v1/hello/again", "{}");
        assertEquals(405, posted.statusCode(), posted.body());
        assertEquals(List.of("GET"), posted.headers().allValues("allow"));

        gateway.route("hello", false);
        HttpResponse<String> stopped = Http.get(gateway, "/v1/hello/again", TestGateway.CALLER_KEY);
        assertEquals(404, stopped.statusCode(), stopped.body());
        assertEquals("unknown_url", Http.error(stopped).get("code").asText());
        gateway.route("hello", true);
        assertEquals(200, Http.get(gateway, "/v1/hello/again", TestGateway.CALLER_KEY).statusCode());
        assertEquals(200, chat().statusCode(), "chat still serves");
    }

    @Test
    @Order(4)
    void brokenRouteFileIsReportedAndTheRunningRoutesKeepServing() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Path providers = gateway.dir().resolve("routes/providers.camel.yaml");
            Files.writeString(providers, "- route: {id: provider-call, from: {uri: direct:provider-call, steps: [");
            for (int i = 0; i < 150 && logs.lines().stream().noneMatch(l -> l.contains("providers.camel.yaml")); i++) {
                Thread.sleep(100);
            }
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("Route file providers.camel.yaml not loaded")),
                    "the broken file is reported: " + logs.lines());
            assertEquals(200, chat().statusCode(), "the last good provider route still serves");
        }
    }

    @Test
    @Order(5)
    void unknownBeanKeepsTheRunningChatFlowAndReadinessSaysSo() throws Exception {
        Path chatRoutes = gateway.dir().resolve("routes/chat.camel.yaml");
        String good = Files.readString(chatRoutes);
        assertTrue(good.contains("ref: modelResolver"));
        Files.writeString(chatRoutes, good.replace("ref: modelResolver", "ref: modelResolvr"));

        // The file is written in two steps (truncated, then filled): the watcher may first read it half written and
        // report that, then the whole file on the write's own event. The whole file's error is the one that stays.
        JsonNode degraded = eventuallyReady(r -> r.path("routeFilesNotLoaded").path("chat.camel.yaml").asText()
                .contains("modelResolvr"));
        assertEquals("DEGRADED", degraded.path("status").asText(), degraded.toString());
        assertTrue(degraded.path("routeFilesNotLoaded").path("chat.camel.yaml").asText().contains("modelResolvr"),
                degraded.toString());
        long start = System.nanoTime();
        assertEquals(200, chat().statusCode(), "the last good chat route serves");
        HttpResponse<String> embeddings = Http.post(gateway, "/v1/embeddings",
                "{\"model\":\"openai/text-embedding-3-small\",\"input\":\"hi\"}");
        assertEquals(200, embeddings.statusCode(), embeddings.body());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2000, "no wait for a missing consumer");

        Files.writeString(chatRoutes, good + "\n# fixed\n");
        JsonNode fixed = eventuallyReady(r -> !r.path("routeFilesNotLoaded").has("chat.camel.yaml"));
        assertEquals(200, chat().statusCode());
        assertTrue(fixed.path("routeFilesNotLoaded").path("chat.camel.yaml").isMissingNode(), fixed.toString());
    }

    @Test
    @Order(6)
    void unknownBeanInThePoolsFileKeepsEveryPool() throws Exception {
        Path pools = gateway.dir().resolve("routes/pools.camel.yaml");
        String good = Files.readString(pools);
        Files.writeString(pools, good.replace("ref: modelResolver", "ref: modelResolvr"));
        eventuallyReady(r -> r.path("routeFilesNotLoaded").has("pools.camel.yaml"));
        for (String pool : new String[] {"reliable", "balanced", "canary", "fastest", "cheapest"}) {
            HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat(pool, "hi", false));
            assertEquals(200, r.statusCode(), pool + ": " + r.body());
        }
        Files.writeString(pools, good);
        eventuallyReady(r -> !r.path("routeFilesNotLoaded").has("pools.camel.yaml"));
    }

    @Test
    @Order(7)
    void requestsUnderWayWhileFilesAreEditedAllComplete() throws Exception {
        // The chat flow, the pools it calls and the provider call they make through direct: mid-request.
        Path routes = gateway.dir().resolve("routes");
        Path[] files = {routes.resolve("chat.camel.yaml"), routes.resolve("pools.camel.yaml"),
                routes.resolve("providers.camel.yaml")};
        String[] originals = new String[files.length];
        for (int f = 0; f < files.length; f++) {
            originals[f] = Files.readString(Path.of("routes").resolve(files[f].getFileName())); // as shipped
        }
        int callerCount = 16;
        ExecutorService callers = Executors.newFixedThreadPool(callerCount);
        AtomicBoolean editing = new AtomicBoolean(true);
        List<Future<List<String>>> results = new ArrayList<>();
        // A loaded machine: a caller that picked a route's consumer is descheduled before it enters the route.
        List<Thread> hogs = List.of(cpuHog(editing), cpuHog(editing));
        try {
            for (int c = 0; c < callerCount; c++) {
                boolean stream = c % 2 == 0;
                String pool = c % 4 < 2 ? "reliable" : "balanced";
                results.add(callers.submit(() -> {
                    List<String> failures = new ArrayList<>();
                    int served = 0;
                    while (editing.get() || served == 0) {
                        HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions",
                                Http.chat(pool, "hi", stream));
                        boolean complete = r.statusCode() == 200 && (!stream || r.body().endsWith("data: [DONE]\n\n"));
                        if (!complete) {
                            failures.add(r.statusCode() + " " + r.body());
                        }
                        served++;
                    }
                    return failures;
                }));
            }
            for (int edit = 0; edit < 12; edit++) {
                Thread.sleep(250);
                Path file = files[edit % files.length];
                String original = originals[edit % files.length];
                Files.writeString(file, original + "\n# edit " + edit + "\n");
                if (edit % 4 == 1) {
                    Files.writeString(file, original + "\n# edit " + edit + ", saved again at once\n");
                }
            }
            // A YAML error mid-edit: the last good routes keep serving until the file is good again.
            Files.writeString(files[1], originals[1] + "\n- route: {id: broken, from: {uri: direct:broken, steps: [\n");
            Thread.sleep(500);
            Files.writeString(files[1], originals[1]);
            // A deleted file's routes keep running; it comes back as it was.
            Files.delete(files[2]);
            Thread.sleep(500);
            Files.writeString(files[2], originals[2]);
            Thread.sleep(1000);
        } finally {
            editing.set(false);
            callers.shutdown();
        }
        List<String> failures = new ArrayList<>();
        for (Future<List<String>> result : results) {
            failures.addAll(result.get(60, TimeUnit.SECONDS));
        }
        for (Thread hog : hogs) {
            hog.join();
        }
        assertEquals(List.of(), failures, "every request completes on the routes it started on");
        eventuallyReady(r -> !r.has("routeFilesNotLoaded")); // the file with the YAML error is good again
    }

    private static Thread cpuHog(AtomicBoolean running) {
        Thread hog = new Thread(() -> {
            long spin = 0;
            while (running.get()) {
                spin += System.nanoTime() % 7;
            }
            if (spin == 42) {
                System.out.print(""); // keeps the loop from being optimised away
            }
        }, "cpu-hog");
        hog.setDaemon(true);
        hog.start();
        return hog;
    }

    @Test
    @Order(8)
    void aUsersPoolIsAFewLinesOfTemplateAndAnUnknownStrategyIsRefused() throws Exception {
        Path mine = gateway.dir().resolve("routes/mine.camel.yaml");
        String pool = """
                - templatedRoute:
                    routeTemplateRef: model-pool
                    routeId: pool-mine
                    parameters:
                      - name: name
                        value: mine
                      - name: strategy
                        value: %s
                      - name: members
                        value: "anthropic/claude-sonnet-4-5, gemini/gemini-2.5-flash"
                """;
        Files.writeString(mine, pool.formatted("random"));
        JsonNode refused = eventuallyReady(r -> r.path("routeFilesNotLoaded").path("mine.camel.yaml").asText()
                .contains("failover, round-robin")); // the whole file's error, not a half-written read's
        assertTrue(refused.path("routeFilesNotLoaded").path("mine.camel.yaml").asText()
                .contains("failover, round-robin, weighted, least-latency, cost"), refused.toString());

        Files.writeString(mine, pool.formatted("failover"));
        eventuallyReady(r -> !r.path("routeFilesNotLoaded").has("mine.camel.yaml"));
        HttpResponse<String> served = Http.post(gateway, "/v1/chat/completions", Http.chat("mine", "hi", false));
        assertEquals(200, served.statusCode(), served.body());
        assertEquals("anthropic", served.headers().firstValue("x-gateway-provider").orElseThrow());

        simulator.enqueue(Fault.error(500).forever().onPath("/v1/messages"));
        simulator.enqueue(Fault.error(500).forever().onPath("generateContent"));
        HttpResponse<String> allDown = Http.post(gateway, "/v1/chat/completions", Http.chat("mine", "hi", false));
        assertEquals(502, allDown.statusCode(), allDown.body());
        assertEquals("upstream_error", Http.error(allDown).get("code").asText(), "OpenAI's error shape");
        assertEquals("2", allDown.headers().firstValue("x-gateway-attempts").orElseThrow());
    }

    @Test
    @Order(9)
    void aShippedPoolWithAnUnknownStrategyIsRefusedAndTheLastGoodPoolsServe() throws Exception {
        Path pools = gateway.dir().resolve("routes/pools.camel.yaml");
        String good = Files.readString(pools);
        String strategy = "value: reliable\n      - name: strategy\n        value: failover";
        assertTrue(good.contains(strategy));
        Files.writeString(pools, good.replace(strategy, strategy.replace("failover", "fail-over")));

        JsonNode refused = eventuallyReady(r -> r.path("routeFilesNotLoaded").path("pools.camel.yaml").asText()
                .contains("'fail-over'")); // the whole file's error, not a half-written read's
        assertTrue(refused.path("routeFilesNotLoaded").path("pools.camel.yaml").asText().contains("'fail-over'"),
                refused.toString());
        for (String pool : new String[] {"reliable", "balanced", "canary", "fastest", "cheapest"}) {
            HttpResponse<String> r = Http.post(gateway, "/v1/chat/completions", Http.chat(pool, "hi", false));
            assertEquals(200, r.statusCode(), pool + ": " + r.body());
        }
        assertEquals("failover", Json.tree(Http.get(gateway, "/health/ready", null).body())
                .path("pools").path("reliable").path("strategy").asText(), "the last good pool runs");
        Files.writeString(pools, good);
        eventuallyReady(r -> !r.path("routeFilesNotLoaded").has("pools.camel.yaml"));
    }

    @Test
    @Order(10)
    void aUsersHttpRouteWithoutTheGatewaysErrorHandlingStillAnswersInOpenAisShape() throws Exception {
        Files.writeString(gateway.dir().resolve("routes/mine-http.camel.yaml"), """
                - route:
                    id: mine-http
                    from:
                      uri: "netty-http:http://{{gateway.host}}:{{gateway.port}}/v1/mine"
                      parameters:
                        encoders: "#requestSequencer,#ingressGuard"
                        nettyHttpBinding: "#gatewayHttpBinding"
                        headerFilterStrategy: "#gatewayHeaderFilter"
                      steps:
                        - throwException:
                            exceptionType: java.lang.IllegalStateException
                            message: internal detail
                """);
        // Until the new route is started, the catch-all answers 404 (or, while it starts, 405).
        HttpResponse<String> failed = eventually(() -> Http.get(gateway, "/v1/mine", TestGateway.CALLER_KEY),
                r -> r.statusCode() != 404 && r.statusCode() != 405);
        assertEquals(500, failed.statusCode(), failed.body());
        assertEquals("internal_error", Http.error(failed).get("code").asText(), "OpenAI's error shape");
        assertEquals("application/json", failed.headers().firstValue("Content-Type").orElse(null));
        assertTrue(!failed.body().contains("internal detail") && !failed.body().contains("java."),
                "no exception text reaches the caller: " + failed.body());
    }

    private static JsonNode eventuallyReady(Predicate<JsonNode> done) throws Exception {
        JsonNode last = null;
        for (int i = 0; i < 150; i++) {
            last = Json.tree(Http.get(gateway, "/health/ready", null).body());
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("readiness did not change in 15 s: " + last);
    }

    @Test
    @Order(3)
    void editedPoolMembersTakeEffect() throws Exception {
        HttpResponse<String> before = Http.post(gateway, "/v1/chat/completions", Http.chat("reliable", "hi", false));
        assertEquals("openai", before.headers().firstValue("x-gateway-provider").orElseThrow(), before.body());

        Path pools = gateway.dir().resolve("routes/pools.camel.yaml");
        String members = "value: \"openai/gpt-4o-mini, anthropic/claude-sonnet-4-5\"";
        String original = Files.readString(pools);
        assertTrue(original.contains("value: reliable\n      - name: strategy\n        value: failover\n"
                + "      - name: members\n        " + members), "shipped pool");
        Files.writeString(pools, original.replaceFirst(java.util.regex.Pattern.quote(members),
                "value: \"gemini/gemini-2.5-flash, openai/gpt-4o-mini\""));

        HttpResponse<String> after = eventually(
                () -> Http.post(gateway, "/v1/chat/completions", Http.chat("reliable", "hi", false)),
                r -> "gemini".equals(r.headers().firstValue("x-gateway-provider").orElse(null)));
        assertEquals(200, after.statusCode(), after.body());
        assertEquals(200, Http.post(gateway, "/v1/chat/completions", Http.chat("balanced", "hi", false)).statusCode(),
                "the file's other pools still serve");

        try (LogCapture logs = new LogCapture()) {
            Files.writeString(pools, Files.readString(pools).replace("gemini/gemini-2.5-flash, openai/gpt-4o-mini",
                    "gemini/gemini-2.5-flash, opnai/gpt-4o-mini"));
            for (int i = 0; i < 150 && logs.lines().stream().noneMatch(l -> l.contains("opnai")); i++) {
                Thread.sleep(100);
            }
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("member 'opnai/gpt-4o-mini' names no provider or alias the gateway knows; it is left out")),
                    "a misspelt member is reported: " + logs.lines());
        }
        HttpResponse<String> still = Http.post(gateway, "/v1/chat/completions", Http.chat("reliable", "hi", false));
        assertEquals(200, still.statusCode(), still.body());
        assertEquals("gemini", still.headers().firstValue("x-gateway-provider").orElseThrow());
    }

    private static HttpResponse<String> chat() {
        return Http.post(gateway, "/v1/chat/completions", Http.chat("openai/gpt-4o-mini", "hello", false));
    }

    private static HttpResponse<String> eventually(Supplier<HttpResponse<String>> call,
                                                   Predicate<HttpResponse<String>> done) throws InterruptedException {
        HttpResponse<String> last = null;
        for (int i = 0; i < 150; i++) {
            try {
                last = call.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException reloading) {
                // the port may be briefly rebound while the file's routes restart
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the edit did not take effect in 15 s; last answer: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }
}
