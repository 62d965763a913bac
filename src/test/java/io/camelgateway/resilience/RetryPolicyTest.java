package io.camelgateway.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.ProviderFaultException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final LongUnaryOperator LONGEST = bound -> bound;
    private static final LongUnaryOperator SHORTEST = bound -> 0;

    private static RetryPolicy policy(LongUnaryOperator jitter) {
        return new RetryPolicy(RetryPolicy.Settings.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC), jitter);
    }

    private static GatewayException failure(String code, String retryAfter) {
        return new ProviderFaultException(code.equals("rate_limited") ? 429 : 502, "server_error", code, "it failed",
                retryAfter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate_limited", "provider_overloaded", "upstream_error", "upstream_unreachable",
            "upstream_connection_lost"})
    void failuresTheProviderDidNotServeAreRetried(String code) {
        assertTrue(policy(LONGEST).delay(failure(code, null), 1, 0).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"upstream_timeout", "provider_circuit_open", "provider_not_configured",
            "provider_auth_failed", "upstream_invalid_response", "upstream_stream_cut", "upstream_rejected",
            "invalid_request", "cancelled"})
    void timeoutsBrokenAnswersAndCallerErrorsAreNot(String code) {
        assertTrue(policy(LONGEST).delay(failure(code, null), 1, 0).isEmpty());
    }

    @Test
    void anUnforeseenFailureIsNotRetried() {
        assertTrue(policy(LONGEST).delay(new IllegalStateException("bug"), 1, 0).isEmpty());
    }

    @Test
    void atMostMaxRetries() {
        RetryPolicy policy = policy(LONGEST);
        assertTrue(policy.delay(failure("upstream_error", null), 2, 0).isPresent());
        assertTrue(policy.delay(failure("upstream_error", null), 3, 0).isEmpty());
        RetryPolicy off = new RetryPolicy(new RetryPolicy.Settings(0, Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofSeconds(3)), Clock.systemUTC(), LONGEST);
        assertTrue(off.delay(failure("upstream_error", null), 1, 0).isEmpty(), "max-retries 0 turns retries off");
    }

    @ParameterizedTest
    @CsvSource({"1, 100", "2, 200", "3, 400", "5, 1600", "6, 2000", "40, 2000", "100, 2000"})
    void backoffDoublesUpToTheMaximum(int retry, long ceiling) {
        assertEquals(ceiling, policy(LONGEST).ceiling(retry));
        assertEquals(OptionalLong.of(ceiling), new RetryPolicy(new RetryPolicy.Settings(200, Duration.ofMillis(100),
                Duration.ofSeconds(2), Duration.ofHours(1)), Clock.systemUTC(), LONGEST)
                .delay(failure("upstream_error", null), retry, 0));
    }

    @Test
    void fullJitterWaitsAnythingFromZeroToTheCeiling() {
        RetryPolicy policy = new RetryPolicy(RetryPolicy.Settings.DEFAULTS);
        long shortest = Long.MAX_VALUE;
        long longest = 0;
        for (int i = 0; i < 2000; i++) {
            long delay = policy.delay(failure("upstream_error", null), 2, 0).orElseThrow();
            assertTrue(delay >= 0 && delay <= 200, "within [0, 200]: " + delay);
            shortest = Math.min(shortest, delay);
            longest = Math.max(longest, delay);
        }
        assertTrue(shortest < 20 && longest > 180, "spread over the range: " + shortest + ".." + longest);
    }

    @ParameterizedTest
    @CsvSource({"1, 1000", "1.5, 1500", "0.05, 100", "0, 100", "2, 2000"})
    void retryAfterIsTheLeastWait(String retryAfter, long wait) {
        assertEquals(wait, policy(LONGEST).delay(failure("rate_limited", retryAfter), 1, 0).orElseThrow());
    }

    @Test
    void retryAfterMayBeAnHttpDate() {
        RetryPolicy policy = policy(SHORTEST);
        String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(2).atZone(ZoneOffset.UTC));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(60).atZone(ZoneOffset.UTC));
        assertEquals(2000, policy.delay(failure("provider_overloaded", inTwoSeconds), 1, 0).orElseThrow());
        assertEquals(0, policy.delay(failure("provider_overloaded", past), 1, 0).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-3", "1e3", "Infinity", " ", "Wed, 99 Foo 2025"})
    void unreadableRetryAfterIsIgnored(String retryAfter) {
        assertEquals(0, policy(SHORTEST).retryAfterMillis(retryAfter));
    }

    @Test
    void retryAfterBeyondTheBudgetIsAnsweredAtOnce() {
        RetryPolicy policy = policy(LONGEST);
        assertTrue(policy.delay(failure("rate_limited", "30"), 1, 0).isEmpty());
        assertTrue(policy.delay(failure("rate_limited", "1"), 2, 2500).isEmpty(), "1 s wanted, 0.5 s left");
        assertEquals(1000, policy.delay(failure("rate_limited", "1"), 2, 2000).orElseThrow(), "exactly what is left");
    }

    @Test
    void waitsNeverAddUpToMoreThanTheBudget() {
        RetryPolicy policy = policy(LONGEST);
        assertEquals(200, policy.delay(failure("upstream_error", null), 2, 2500).orElseThrow());
        assertEquals(50, policy.delay(failure("upstream_error", null), 2, 2950).orElseThrow());
    }

    @Test
    void aRetryCountsAnAttemptAndTellsCamelHowLongToWait() {
        Exchange exchange = failedExchange(failure("upstream_error", null), 1);
        assertTrue(policy(LONGEST).shouldRetry(exchange));
        assertEquals(100L, exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY, Long.class));
        assertEquals(2, PoolAttempts.of(exchange), "the failed try and the retry");
        assertEquals(100L, exchange.getProperty(GatewayConstants.RETRY_WAITED, Long.class));

        exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, 2);
        assertTrue(policy(LONGEST).shouldRetry(exchange));
        assertEquals(3, PoolAttempts.of(exchange));
        assertEquals(300L, exchange.getProperty(GatewayConstants.RETRY_WAITED, Long.class));
    }

    @Test
    void theLastFailureIsCountedWithoutAWait() {
        Exchange exchange = failedExchange(failure("upstream_timeout", null), 1);
        assertFalse(policy(LONGEST).shouldRetry(exchange));
        assertNull(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY));
        assertEquals(1, PoolAttempts.of(exchange));
    }

    @Test
    void insideAPoolTheNextMemberIsTheRetry() {
        Exchange exchange = failedExchange(failure("upstream_error", null), 1);
        exchange.setProperty(GatewayConstants.POOL, "reliable");
        exchange.setProperty(GatewayConstants.ATTEMPTS, new AtomicInteger(1));
        assertFalse(policy(LONGEST).shouldRetry(exchange));
        assertEquals(1, PoolAttempts.of(exchange));
    }

    private static Exchange failedExchange(Throwable failure, int failures) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, failures);
        return exchange;
    }
}
