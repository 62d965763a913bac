package io.camelgateway.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;

/**
 * Whether and when to retry one provider call: the {@code retryWhileRef} of the provider-call route's error
 * handler. Only failures that mean the provider did not serve the request are retried, after an exponential
 * backoff with full jitter that a Retry-After raises, within a per-request budget of retries and of waiting.
 */
public class RetryPolicy {
    /** The settings (gateway.retry.* properties); maxRetries 0 turns retries off. */
    public record Settings(int maxRetries, Duration baseDelay, Duration maxDelay, Duration budget) {
        public static final Settings DEFAULTS = new Settings(2, Duration.ofMillis(100), Duration.ofMillis(2000),
                Duration.ofMillis(3000));
    }

    /** Failures after which the request was not served; a timeout is not one (a retry would double the wait). */
    private static final Set<String> RETRYABLE = Set.of("rate_limited", "provider_overloaded", "upstream_error",
            "upstream_unreachable", "upstream_connection_lost");

    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d+)?");

    private final Settings settings;
    private final Clock clock;
    private final LongUnaryOperator jitter;

    public RetryPolicy(Settings settings) {
        this(settings, Clock.systemUTC(), bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** @param jitter a random wait in [0, bound] for a bound in milliseconds */
    RetryPolicy(Settings settings, Clock clock, LongUnaryOperator jitter) {
        this.settings = settings;
        this.clock = clock;
        this.jitter = jitter;
    }

    /**
     * Called after each failed try: true to try again, with the wait in the CamelRedeliveryDelay header that
     * Camel's error handler reads. Counts the tries in the request's attempt counter.
     */
    public boolean shouldRetry(Exchange exchange) {
        AtomicInteger attempts = attempts(exchange);
        if (exchange.getProperty(GatewayConstants.POOL) != null) {
            return false; // the pool's failover to its next member is the retry
        }
        long waited = exchange.getProperty(GatewayConstants.RETRY_WAITED, 0L, Long.class);
        OptionalLong delay = delay(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class),
                exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class), waited);
        if (delay.isEmpty()) {
            return false;
        }
        exchange.setProperty(GatewayConstants.RETRY_WAITED, waited + delay.getAsLong());
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay.getAsLong());
        attempts.incrementAndGet();
        return true;
    }

    /**
     * The wait in milliseconds before retry number {@code retry} (1 for the first) after this failure, when
     * {@code waited} ms were already spent waiting for this request; empty when it must not be retried.
     */
    OptionalLong delay(Throwable failure, int retry, long waited) {
        if (retry > settings.maxRetries() || !(failure instanceof GatewayException g)
                || !RETRYABLE.contains(g.code())) {
            return OptionalLong.empty();
        }
        long left = settings.budget().toMillis() - waited;
        long backoff = Math.min(left, jitter.applyAsLong(ceiling(retry)));
        long notBefore = retryAfterMillis(g.retryAfter());
        if (notBefore > left) {
            return OptionalLong.empty(); // the caller is better off with the provider's Retry-After at once
        }
        return OptionalLong.of(Math.max(backoff, notBefore));
    }

    /** The most a retry waits before jitter: baseDelay * 2^(retry-1), at most maxDelay. */
    long ceiling(int retry) {
        return Math.min(settings.maxDelay().toMillis(), settings.baseDelay().toMillis() << Math.min(retry - 1, 30));
    }

    /** A Retry-After (seconds, maybe with decimals, or an HTTP date) in ms from now; 0 when absent or unreadable. */
    long retryAfterMillis(String retryAfter) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return 0;
        }
        String value = retryAfter.trim();
        if (SECONDS.matcher(value).matches()) {
            return (long) Math.ceil(Double.parseDouble(value) * 1000);
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Math.max(0, at.toInstant().toEpochMilli() - clock.millis());
        } catch (DateTimeParseException notADate) {
            return 0;
        }
    }

    /** The request's try counter, counting the try that just failed when it is the first. */
    private static AtomicInteger attempts(Exchange exchange) {
        AtomicInteger attempts = exchange.getProperty(GatewayConstants.ATTEMPTS, AtomicInteger.class);
        if (attempts == null) {
            attempts = new AtomicInteger(1);
            exchange.setProperty(GatewayConstants.ATTEMPTS, attempts);
        }
        return attempts;
    }
}
