package io.camelgateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.camelgateway.api.GatewayException;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.credentials.Credential;

class UpstreamFailuresTest {

    private static final String SECRET = "sk-live-SECRET123";
    private static final Credential CREDENTIAL = new Credential("openai", SECRET);
    private static final Target TARGET = new Target(new ProviderConfig("openai", "openai", "https://api.openai.com/v1",
            "env:KEY", null, Map.of(), Map.of(), List.of(), Duration.ofSeconds(5), Duration.ofSeconds(60),
            Duration.ofSeconds(60), 4096, Map.of()),
            "gpt-4o", "openai/gpt-4o");

    private static GatewayException status(int status, UpstreamError error, String retryAfter) {
        return UpstreamFailures.fromStatus(TARGET, status, error, retryAfter, CREDENTIAL);
    }

    private static UpstreamError said(String message) {
        return new UpstreamError(message, "error", false);
    }

    @Test
    void providerFaultsAreWhatABreakerCountsAndCallerErrorsAreNot() {
        assertTrue(status(500, said("boom"), null).providerFault());
        assertTrue(status(429, said("slow down"), "2").providerFault());
        assertTrue(status(529, said("overloaded"), null).providerFault());
        assertTrue(status(401, new UpstreamError("bad key", "auth", true), null).providerFault());
        assertTrue(UpstreamFailures.fromThrowable(TARGET, new java.net.ConnectException("refused")).providerFault());
        assertTrue(UpstreamFailures.noFirstByte(TARGET).providerFault());
        assertTrue(UpstreamFailures.streamCut(TARGET).providerFault());
        assertFalse(status(400, said("bad request"), null).providerFault());
        assertFalse(status(404, said("no such model"), null).providerFault());
        assertFalse(UpstreamFailures.fromThrowable(TARGET, new java.util.concurrent.CancellationException())
                .providerFault());
    }

    @Test
    void rejectedCredentialIs502WithoutTheProvidersMessage() {
        GatewayException e = status(401,
                new UpstreamError("Incorrect API key provided: sk-live-SEC***123 (quota team)", "auth", true), null);

        assertEquals(502, e.status());
        assertEquals("provider_auth_failed", e.code());
        assertFalse(e.getMessage().contains("Incorrect API key"), e.getMessage());
        assertFalse(e.getMessage().contains("sk-live"), e.getMessage());
        assertTrue(e.getMessage().contains("Provider 'openai'"), e.getMessage());
    }

    @Test
    void rateLimitKeepsRetryAfter() {
        GatewayException e = status(429, said("slow down"), "17");

        assertEquals(429, e.status());
        assertEquals("rate_limited", e.code());
        assertEquals("17", e.retryAfter());
    }

    @Test
    void overloadedStatusesBecome503() {
        assertEquals(503, status(529, said("Overloaded"), null).status());
        assertEquals(503, status(503, said("unavailable"), null).status());
        assertEquals("provider_overloaded", status(529, said("Overloaded"), null).code());
    }

    @Test
    void serverErrorIs502WithTheSecretScrubbed() {
        GatewayException e = status(500, said("internal error for key " + SECRET), null);

        assertEquals(502, e.status());
        assertEquals("upstream_error", e.code());
        assertEquals("Provider 'openai' failed (HTTP 500): internal error for key ***", e.getMessage());
    }

    @Test
    void badRequestIsPassedOnAs400() {
        GatewayException e = status(400, said("max_tokens is too large"), null);

        assertEquals(400, e.status());
        assertEquals("upstream_rejected", e.code());
        assertEquals("Provider 'openai' rejected the request (HTTP 400): max_tokens is too large", e.getMessage());
    }

    @Test
    void refusedConnectionIsUnreachable() {
        GatewayException e = UpstreamFailures.fromThrowable(TARGET,
                new CompletionException(new ConnectException("Connection refused")));

        assertEquals(502, e.status());
        assertEquals("upstream_unreachable", e.code());
    }

    @Test
    void timeoutsAre504() {
        GatewayException request = UpstreamFailures.fromThrowable(TARGET, new HttpTimeoutException("timed out"));
        GatewayException connect = UpstreamFailures.fromThrowable(TARGET,
                new HttpConnectTimeoutException("connect timed out"));

        assertEquals(504, request.status());
        assertEquals("upstream_timeout", request.code());
        assertEquals("Provider 'openai' did not answer in time.", request.getMessage());
        assertEquals(504, connect.status());
        assertEquals("upstream_timeout", connect.code());
        assertEquals("Provider 'openai' did not accept a connection in time.", connect.getMessage());
    }

    @Test
    void wrappedGatewayExceptionIsReturnedAsItIs() {
        GatewayException original = new GatewayException(429, "rate_limit_error", "rate_limited", "slow");

        assertSame(original, UpstreamFailures.fromThrowable(TARGET, new CompletionException(original)));
    }

    @Test
    void theGatewaysOwnShortagesAre503sThatNoProviderIsBlamedFor() {
        List<Throwable> shortages = List.of(
                new HostConnectionPool.PoolExhaustedException("All 8 connections to 127.0.0.1:1 are busy"),
                new io.netty.channel.ChannelException("Failed to open a socket.",
                        new java.net.SocketException("Too many open files")),
                new ConnectException("connect failed").initCause(new java.io.IOException("No buffer space available")),
                new java.net.BindException("Cannot assign requested address"));
        for (Throwable shortage : shortages) {
            GatewayException e = UpstreamFailures.fromThrowable(TARGET, new CompletionException(shortage));
            assertEquals(503, e.status(), shortage.toString());
            assertEquals("gateway_overloaded", e.code(), shortage.toString());
            assertFalse(e.providerFault(), "a breaker must not count " + shortage);
        }
    }

    @Test
    void anAnswerThatBreaksTheTransportsLimitsIsAnInvalidResponseFromTheProvider() {
        GatewayException e = UpstreamFailures.fromThrowable(TARGET,
                new UpstreamProtocolException("its response head exceeded 32768 bytes", null));
        assertEquals(502, e.status());
        assertEquals("upstream_invalid_response", e.code());
        assertTrue(e.providerFault());
        assertEquals("Provider 'openai' sent an answer the gateway refuses: its response head exceeded 32768 bytes.",
                e.getMessage());
    }
}
