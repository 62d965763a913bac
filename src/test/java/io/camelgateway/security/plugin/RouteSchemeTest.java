package io.camelgateway.security.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.Lazy;
import io.camelgateway.api.GatewayException;
import io.camelgateway.config.ConfigSection;
import io.camelgateway.security.TestRequestHead;
import io.camelgateway.security.Verdict;

class RouteSchemeTest {
    private final CamelContext context = new DefaultCamelContext();
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:auth-counted")
                        .process(exchange -> calls.incrementAndGet())
                        .delay(200)
                        .filter(header("X-Ticket").isEqualTo("ticket-ok"))
                        .setHeader(AuthRouteHeaders.CALLER_NAME, constant("ticket-holder"));
                from("direct:auth-store-down")
                        .process(exchange -> {
                            throw new GatewayException(503, "server_error", "ticket_store_down",
                                    "The ticket store is down.");
                        });
                from("direct:auth-blocked")
                        .process(exchange -> release.await(10, TimeUnit.SECONDS));
                from("direct:auth-echo")
                        .setHeader(AuthRouteHeaders.CALLER_NAME,
                                simple("${header.CamelHttpMethod} ${header.CamelHttpPath}"))
                        .setHeader(AuthRouteHeaders.CALLER_TEAM, header("X-Team"));
            }
        });
        context.start();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        context.close();
    }

    private RouteScheme scheme(String name) {
        return new RouteScheme(name, "X-Ticket", Duration.ofSeconds(2), context,
                new Lazy<>(context::createProducerTemplate));
    }

    private static CompletableFuture<Verdict> ask(RouteScheme scheme, Map<String, String> headers) {
        return scheme.authenticate(TestRequestHead.withHeaders(headers)).toCompletableFuture();
    }

    @Test
    void routeIsGivenMethodPathAndHeaders() throws Exception {
        Verdict verdict = ask(scheme("echo"), Map.of("X-Ticket", "t", "X-Team", "ops")).get(5, TimeUnit.SECONDS);

        assertEquals("POST /v1/chat/completions", verdict.caller().name());
        assertEquals("ops", verdict.caller().team());
        assertEquals("echo", verdict.caller().scheme());
    }

    @Test
    void routeThatThrowsAGatewayExceptionAnswersWithIt() throws Exception {
        Verdict verdict = ask(scheme("store-down"), Map.of("X-Ticket", "t")).get(5, TimeUnit.SECONDS);

        assertEquals(503, verdict.refusal().status());
        assertEquals("ticket_store_down", verdict.refusal().code());
    }

    @Test
    void theSameQuestionUnderWayIsAskedOnce() throws Exception {
        RouteScheme scheme = scheme("counted");
        List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            verdicts.add(ask(scheme, Map.of("X-Ticket", "ticket-ok", "Content-Length", String.valueOf(i))));
        }
        for (CompletableFuture<Verdict> verdict : verdicts) {
            assertEquals("ticket-holder", verdict.get(5, TimeUnit.SECONDS).caller().name());
        }
        assertEquals(1, calls.get(), "the body's framing headers do not make another question");
    }

    @Test
    void differentQuestionsAreNotShared() throws Exception {
        RouteScheme scheme = scheme("counted");
        CompletableFuture<Verdict> good = ask(scheme, Map.of("X-Ticket", "ticket-ok"));
        CompletableFuture<Verdict> forged = ask(scheme, Map.of("X-Ticket", "ticket-ok", "X-Other", "1"));
        CompletableFuture<Verdict> bad = ask(scheme, Map.of("X-Ticket", "ticket-bad"));

        assertEquals("ticket-holder", good.get(5, TimeUnit.SECONDS).caller().name());
        assertEquals("ticket-holder", forged.get(5, TimeUnit.SECONDS).caller().name());
        assertNull(bad.get(5, TimeUnit.SECONDS).caller());
        assertEquals(3, calls.get());
    }

    @Test
    void answeredQuestionIsAskedAgain() throws Exception {
        RouteScheme scheme = scheme("counted");
        ask(scheme, Map.of("X-Ticket", "ticket-ok")).get(5, TimeUnit.SECONDS);
        ask(scheme, Map.of("X-Ticket", "ticket-ok")).get(5, TimeUnit.SECONDS);

        assertEquals(2, calls.get(), "a route's verdict is not kept once given");
    }

    @Test
    void callerCannotNameItselfWithTheHeadersTheRouteAnswersWith() throws Exception {
        Verdict verdict = ask(scheme("counted"), Map.of("X-Ticket", "ticket-forged",
                "CamelGatewayCallerName", "mallory", "camelgatewaycallerroles", "admin")).get(5, TimeUnit.SECONDS);

        assertNull(verdict.caller());
        assertEquals(401, verdict.refusal().status());
    }

    @Test
    void requestsBeyondThePoolAre503AtOnceRatherThanWaitOrRunOnTheCallersThread() throws Exception {
        ConfigSection auth = new ConfigSection(new YAMLMapper().readTree(
                "routes: [{name: blocked, header: X-Ticket, timeout: 10s}]"), UnaryOperator.identity(), "auth");
        RouteScheme scheme = RouteSchemes.from(auth, context).get(0);
        List<CompletableFuture<Verdict>> held = new ArrayList<>();
        for (int i = 0; i < RouteSchemes.THREADS + RouteSchemes.QUEUE; i++) {
            held.add(ask(scheme, Map.of("X-Ticket", "ticket-" + i)));
        }

        CompletableFuture<Verdict> oneTooMany = ask(scheme, Map.of("X-Ticket", "ticket-one-too-many"));

        assertTrue(oneTooMany.isDone());
        assertEquals(503, oneTooMany.join().refusal().status());
        assertTrue(held.stream().noneMatch(CompletableFuture::isDone));
        release.countDown();
        for (CompletableFuture<Verdict> verdict : held) {
            assertEquals(401, verdict.get(10, TimeUnit.SECONDS).refusal().status());
        }
    }

    @Test
    void requestWithoutTheHeaderNeverReachesTheRoute() {
        CompletableFuture<Verdict> verdict = ask(scheme("counted"), Map.of("Authorization", "Bearer x"));

        assertTrue(verdict.isDone() && verdict.join().isNotMine());
        assertEquals(0, calls.get());
    }
}
