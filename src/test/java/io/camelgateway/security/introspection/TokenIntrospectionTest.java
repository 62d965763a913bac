package io.camelgateway.security.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.config.ConfigSection;
import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.security.CallerIdentity;
import io.camelgateway.security.RequestHead;
import io.camelgateway.security.TestRequestHead;
import io.camelgateway.security.Verdict;
import io.camelgateway.simulator.Fault;
import io.camelgateway.simulator.FakeIntrospectionServer;

class TokenIntrospectionTest {
    private static final String SECRET = "introspection-secret-1";
    private static final CredentialStore CREDENTIALS = new CredentialStore(
            Map.of("INTROSPECTION_SECRET", SECRET, "WRONG_SECRET", "guessed")::get);
    private static FakeIntrospectionServer idp;

    @BeforeAll
    static void startIdp() {
        idp = FakeIntrospectionServer.start("llm-gateway", SECRET);
    }

    @AfterAll
    static void stopIdp() {
        idp.close();
    }

    @BeforeEach
    void clearIdp() {
        idp.clear();
    }

    private static TokenIntrospection scheme(String extra) throws Exception {
        return scheme(idp.endpoint(), "env:INTROSPECTION_SECRET", extra);
    }

    /** The scheme as gateway.yaml's auth.introspection block configures it. */
    private static TokenIntrospection scheme(String endpoint, String secret, String extra) throws Exception {
        String yaml = """
                endpoint: %s
                clientId: llm-gateway
                clientSecret: %s
                claims: {name: sub, team: team, roles: scope}
                %s
                """.formatted(endpoint, secret, extra);
        return new TokenIntrospection(IntrospectionSettings.from(new ConfigSection(new YAMLMapper().readTree(yaml),
                UnaryOperator.identity(), "gateway.yaml: auth.introspection")), CREDENTIALS);
    }

    private static long inSeconds(long seconds) {
        return System.currentTimeMillis() / 1000 + seconds;
    }

    private static CompletableFuture<Verdict> ask(TokenIntrospection scheme, String token) {
        return scheme.authenticate(TestRequestHead.bearer(token)).toCompletableFuture();
    }

    private static Verdict verdict(TokenIntrospection scheme, RequestHead head) throws Exception {
        return scheme.authenticate(head).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void assertUnavailable(Verdict verdict) {
        assertNull(verdict.caller());
        assertEquals(503, verdict.refusal().status());
        assertEquals("authentication_unavailable", verdict.refusal().code());
    }

    private static void assertNotActive(Verdict verdict) {
        assertNull(verdict.caller());
        assertEquals(401, verdict.refusal().status());
        assertEquals("invalid_api_key", verdict.refusal().code());
    }

    @Test
    void activeTokenNamesTheCallerFromTheConfiguredFields() throws Exception {
        idp.activate("opaque-alice", Map.of("sub", "alice", "team", "research", "scope", "chat admin",
                "client_id", "notebook-app", "exp", inSeconds(3600)));

        CallerIdentity caller = verdict(scheme(""), TestRequestHead.bearer("opaque-alice")).caller();

        assertEquals("alice", caller.name());
        assertEquals("introspection", caller.scheme());
        assertEquals("research", caller.team());
        assertEquals(Set.of("chat", "admin"), caller.roles());
        assertEquals(List.of("notebook-app"), caller.attributes().get("client_id"));
        assertEquals(List.of("chat", "admin"), caller.attributes().get("scope"));
        assertEquals(Map.of("token", "opaque-alice", "token_type_hint", "access_token"), idp.forms().get(0));
    }

    @Test
    void tokenWithoutSubjectIsNamedByItsClient() throws Exception {
        idp.activate("opaque-service", Map.of("client_id", "batch-job", "scope", "chat"));

        assertEquals("batch-job", verdict(scheme(""), TestRequestHead.bearer("opaque-service")).caller().name());
    }

    @Test
    void keptAnswerDecidesTheNextRequestAtOnce() throws Exception {
        TokenIntrospection scheme = scheme("");
        idp.activate("opaque-kept", Map.of("sub", "alice", "exp", inSeconds(3600)));
        verdict(scheme, TestRequestHead.bearer("opaque-kept"));

        CompletableFuture<Verdict> again = ask(scheme, "opaque-kept");

        assertTrue(again.isDone(), "a kept answer is decided on the request head");
        assertEquals("alice", again.join().caller().name());
        assertEquals(1, idp.calls());
    }

    @Test
    void inactiveTokenIsRefusedAndTheEndpointAskedOnce() throws Exception {
        TokenIntrospection scheme = scheme("");
        for (int i = 0; i < 5; i++) {
            assertNotActive(verdict(scheme, TestRequestHead.bearer("opaque-unknown")));
        }
        assertEquals(1, idp.calls());
    }

    @Test
    void requestsWithTheSameNewTokenShareOneCall() throws Exception {
        TokenIntrospection scheme = scheme("");
        idp.activate("opaque-shared", Map.of("sub", "alice"));
        idp.fail(Fault.slowHeaders(Duration.ofMillis(300)));
        List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            verdicts.add(ask(scheme, "opaque-shared"));
        }
        for (CompletableFuture<Verdict> verdict : verdicts) {
            assertEquals("alice", verdict.get(5, TimeUnit.SECONDS).caller().name());
        }
        assertEquals(1, idp.calls());
    }

    @Test
    void answerIsNotKeptPastTheTokensExp() throws Exception {
        TokenIntrospection scheme = scheme("cacheMax: 5m");
        long exp = inSeconds(2);
        idp.activate("opaque-short", Map.of("sub", "alice", "exp", exp));
        assertEquals("alice", verdict(scheme, TestRequestHead.bearer("opaque-short")).caller().name());
        idp.activate("opaque-short", Map.of("sub", "alice", "exp", inSeconds(3600)));

        Thread.sleep(exp * 1000 - System.currentTimeMillis() + 100);

        assertEquals("alice", verdict(scheme, TestRequestHead.bearer("opaque-short")).caller().name());
        assertEquals(2, idp.calls(), "asked again once the token's exp had passed");
    }

    @Test
    void answerIsNotKeptLongerThanCacheMax() throws Exception {
        TokenIntrospection scheme = scheme("cacheMax: 300ms");
        idp.activate("opaque-revoked", Map.of("sub", "alice", "exp", inSeconds(3600)));
        assertEquals("alice", verdict(scheme, TestRequestHead.bearer("opaque-revoked")).caller().name());
        idp.revoke("opaque-revoked");

        Thread.sleep(400);

        assertNotActive(verdict(scheme, TestRequestHead.bearer("opaque-revoked")));
        assertEquals(2, idp.calls());
    }

    @Test
    void activeAnswerWithAnExpInThePastIsRefused() throws Exception {
        idp.activate("opaque-expired", Map.of("sub", "alice", "exp", inSeconds(-60)));

        assertNotActive(verdict(scheme(""), TestRequestHead.bearer("opaque-expired")));
    }

    @Test
    void activeAnswerWithAnNbfInTheFutureIsRefused() throws Exception {
        idp.activate("opaque-early", Map.of("sub", "alice", "nbf", inSeconds(600)));

        assertNotActive(verdict(scheme(""), TestRequestHead.bearer("opaque-early")));
    }

    @Test
    void wrongClientSecretIsUnavailableNotAPass() throws Exception {
        idp.activate("opaque-alice", Map.of("sub", "alice"));

        assertUnavailable(verdict(scheme(idp.endpoint(), "env:WRONG_SECRET", ""),
                TestRequestHead.bearer("opaque-alice")));
    }

    @Test
    void endpointDownIsUnavailableAtOnce() throws Exception {
        FakeIntrospectionServer gone = FakeIntrospectionServer.start("llm-gateway", SECRET);
        String endpoint = gone.endpoint();
        gone.close();
        long start = System.nanoTime();

        assertUnavailable(verdict(scheme(endpoint, "env:INTROSPECTION_SECRET", ""),
                TestRequestHead.bearer("opaque-alice")));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void slowEndpointIsUnavailableWithinTheTimeoutAndTheFailureNotKept() throws Exception {
        TokenIntrospection scheme = scheme("timeout: 300ms");
        idp.activate("opaque-alice", Map.of("sub", "alice"));
        idp.fail(Fault.slowHeaders(Duration.ofSeconds(3)));
        long start = System.nanoTime();

        assertUnavailable(verdict(scheme, TestRequestHead.bearer("opaque-alice")));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis >= 250 && tookMillis < 1500, "answered after " + tookMillis + " ms");

        assertEquals("alice", verdict(scheme, TestRequestHead.bearer("opaque-alice")).caller().name());
    }

    @Test
    void serverErrorIsUnavailable() throws Exception {
        idp.activate("opaque-alice", Map.of("sub", "alice"));
        idp.fail(Fault.error(500));

        assertUnavailable(verdict(scheme(""), TestRequestHead.bearer("opaque-alice")));
    }

    @Test
    void answersThatAreNotRfc7662AreUnavailableNotAPass() throws Exception {
        TokenIntrospection scheme = scheme("");
        idp.fail(Fault.raw("<html>Service temporarily unavailable</html>"));
        idp.fail(Fault.raw("{\"active\":\"true\",\"sub\":\"mallory\"}"));
        idp.fail(Fault.raw("[{\"active\":true}]"));
        idp.fail(Fault.raw("{\"active\":true,\"sub\":\"mallory\",\"exp\":\"tomorrow\"}"));
        idp.fail(Fault.hugeBody(100_000, false));

        for (int i = 0; i < 5; i++) {
            assertUnavailable(verdict(scheme, TestRequestHead.bearer("opaque-mallory")));
        }
        assertEquals(5, idp.calls(), "a failed call is not kept");
    }

    @Test
    void tooManyCallsAtOnceAreUnavailableRatherThanQueued() throws Exception {
        TokenIntrospection scheme = scheme("maxInFlight: 2");
        idp.fail(Fault.slowHeaders(Duration.ofMillis(500)).withTimes(2));
        CompletableFuture<Verdict> first = ask(scheme, "opaque-1");
        CompletableFuture<Verdict> second = ask(scheme, "opaque-2");

        CompletableFuture<Verdict> third = ask(scheme, "opaque-3");

        assertTrue(third.isDone());
        assertUnavailable(third.join());
        assertNotActive(first.get(5, TimeUnit.SECONDS));
        assertNotActive(second.get(5, TimeUnit.SECONDS));
    }

    @Test
    void onlyBearerTokensAreItsToCheck() throws Exception {
        TokenIntrospection scheme = scheme("");

        assertTrue(verdict(scheme, TestRequestHead.withHeaders(Map.of("x-api-key", "opaque-alice"))).isNotMine());
        assertTrue(verdict(scheme, TestRequestHead.withHeaders(Map.of("Authorization", "Basic YTpi"))).isNotMine());
        assertEquals(0, idp.calls());
    }
}
