package io.camelgateway.security;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.api.GatewayException;

/**
 * The gateway's authentication schemes, asked in order: the first that recognises the request's credential decides
 * (accepts or refuses it); when none does, the caller gets a 401 saying what to send. Each refusal is logged with
 * the scheme and a reason category, never the credential.
 */
public final class AuthSchemes {
    /** A completed "not mine", shared so that a scheme that passes costs no allocation. */
    public static final CompletableFuture<Verdict> NOT_MINE = CompletableFuture.completedFuture(Verdict.notMine());

    private static final Logger LOG = LoggerFactory.getLogger(AuthSchemes.class);

    private final List<AuthScheme> schemes;
    private final RefusalLog refusals = new RefusalLog(LOG);

    public AuthSchemes(List<AuthScheme> schemes) {
        this.schemes = List.copyOf(schemes);
    }

    public List<AuthScheme> schemes() {
        return schemes;
    }

    /**
     * The caller the request's credential belongs to. The stage fails with the {@link GatewayException} the caller
     * is answered with (401, or 503 when a scheme's server cannot be reached).
     */
    public CompletableFuture<CallerIdentity> authenticate(RequestHead request) {
        return decide(request, 0).thenApply(verdict -> {
            if (verdict.caller() != null) {
                return verdict.caller();
            }
            refusals.refused(request.path(), verdict.reason());
            throw verdict.refusal();
        });
    }

    /**
     * The refusal a decision already holds, to answer on the request head before its body is read; null when the
     * caller was accepted or a scheme that asks a server is still deciding (the route waits for it then).
     */
    public static GatewayException refusalNow(CompletableFuture<CallerIdentity> decision) {
        if (!decision.isDone() || !decision.isCompletedExceptionally()) {
            return null;
        }
        try {
            decision.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() instanceof GatewayException refusal ? refusal : null;
        }
    }

    private CompletableFuture<Verdict> decide(RequestHead request, int from) {
        for (int i = from; i < schemes.size(); i++) {
            AuthScheme scheme = schemes.get(i);
            CompletableFuture<Verdict> verdict = guarded(scheme, request);
            if (!verdict.isDone()) {
                int next = i + 1;
                return verdict.thenCompose(v -> v.isNotMine() ? decide(request, next) : CompletableFuture.completedFuture(v));
            }
            if (!verdict.join().isNotMine()) {
                return verdict;
            }
        }
        return CompletableFuture.completedFuture(nobodyRecognised(request));
    }

    /** A scheme's verdict; a scheme that throws or fails refuses with a 503 rather than letting the request through. */
    private static CompletableFuture<Verdict> guarded(AuthScheme scheme, RequestHead request) {
        try {
            return scheme.authenticate(request).toCompletableFuture().exceptionally(failure -> unavailable(scheme, failure));
        } catch (RuntimeException failure) {
            return CompletableFuture.completedFuture(unavailable(scheme, failure));
        }
    }

    private static Verdict unavailable(AuthScheme scheme, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof GatewayException refusal) {
            return Verdict.refused(scheme.name() + ":refused", refusal);
        }
        LOG.warn("Authentication scheme {} failed: {}", scheme.name(), cause.getClass().getSimpleName());
        return Verdict.refused(scheme.name() + ":failed", unavailable());
    }

    /** The 503 for a scheme that cannot decide now (its server is down, slow or answers nonsense). */
    public static GatewayException unavailable() {
        return new GatewayException(503, "server_error", "authentication_unavailable",
                "The gateway cannot check credentials right now; try again shortly.");
    }

    private static Verdict nobodyRecognised(RequestHead request) {
        if (request.apiKey() == null) {
            return Verdict.refused("no_credential", "You didn't provide an API key. Send your gateway key as "
                    + "'Authorization: Bearer <key>'.");
        }
        return Verdict.refused("unknown_credential", "Incorrect API key provided.");
    }
}
