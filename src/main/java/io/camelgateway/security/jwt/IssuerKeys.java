package io.camelgateway.security.jwt;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One issuer's signing keys, kept in memory: fetched when the gateway starts, fetched again when a token names a key
 * id not among them or when they are older than the issuer's max age, but never more than once per
 * {@link JwtIssuer#jwksMinInterval()} (an attacker's made-up key ids cannot make the gateway hammer the issuer). While
 * the JWKS endpoint cannot be reached, the keys last fetched stay in use.
 */
final class IssuerKeys {
    private static final Logger LOG = LoggerFactory.getLogger(IssuerKeys.class);

    private final JwtIssuer issuer;
    private final JwksFetch fetch;
    private final LongSupplier nanoClock;
    private volatile SigningKeys keys = SigningKeys.NONE;
    private CompletableFuture<SigningKeys> inFlight;
    private boolean attempted;
    private long lastAttemptNanos;

    IssuerKeys(JwtIssuer issuer, JwksFetch fetch, LongSupplier nanoClock) {
        this.issuer = issuer;
        this.fetch = fetch;
        this.nanoClock = nanoClock;
    }

    /** The keys in memory now; when they are older than their max age, a fetch starts in the background. */
    SigningKeys current() {
        SigningKeys now = keys;
        if (now.fetched() && nanoClock.getAsLong() - now.fetchedAtNanos() > issuer.jwksMaxAge().toNanos()) {
            refreshed();
        }
        return now;
    }

    /**
     * The keys after a fetch: the one under way, or a new one, or (when the last attempt was less than the minimum
     * interval ago) the keys in memory at once. Completes on the HTTP client's thread, never fails: a failed fetch
     * leaves the keys as they were.
     */
    synchronized CompletableFuture<SigningKeys> refreshed() {
        if (inFlight != null) {
            return inFlight;
        }
        long now = nanoClock.getAsLong();
        if (attempted && now - lastAttemptNanos < issuer.jwksMinInterval().toNanos()) {
            return CompletableFuture.completedFuture(keys);
        }
        attempted = true;
        lastAttemptNanos = now;
        CompletableFuture<SigningKeys> next = new CompletableFuture<>();
        inFlight = next;
        try {
            fetch.fetch(issuer.jwks(), issuer.jwksTimeout()).whenComplete((set, failure) -> {
                if (failure == null) {
                    installed(SigningKeys.of(set, nanoClock.getAsLong()));
                } else {
                    failed(failure);
                }
                finished(next);
            });
        } catch (RuntimeException failure) {
            failed(failure);
            finished(next);
        }
        return next;
    }

    /** Seconds until the next fetch may start, at least 1: what a caller refused for want of keys may wait. */
    synchronized long secondsUntilNextFetch() {
        long left = issuer.jwksMinInterval().toNanos() - (nanoClock.getAsLong() - lastAttemptNanos);
        return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    private void installed(SigningKeys fresh) {
        if (!fresh.keyIds().equals(keys.keyIds())) {
            LOG.info("Signing keys of token issuer {}: {} (key ids)", issuer.issuer(), fresh.keyIds());
        }
        if (fresh.all().isEmpty()) {
            LOG.warn("The JWKS of token issuer {} at {} has no RSA or EC signing key", issuer.issuer(), issuer.jwks());
        }
        keys = fresh;
    }

    private void failed(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        LOG.warn("Could not fetch the signing keys of token issuer {} from {} ({}: {}); {}", issuer.issuer(),
                issuer.jwks(), cause.getClass().getSimpleName(), cause.getMessage(),
                keys.fetched() ? "the " + keys.all().size() + " keys fetched before stay in use"
                        : "its tokens cannot be checked until a fetch succeeds");
    }

    private void finished(CompletableFuture<SigningKeys> next) {
        synchronized (this) {
            inFlight = null;
        }
        next.complete(keys);
    }
}
