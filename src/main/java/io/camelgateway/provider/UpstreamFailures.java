package io.camelgateway.provider;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import io.camelgateway.api.GatewayException;
import io.camelgateway.credentials.Credential;

/** Maps what went wrong upstream to what the caller sees, the same way for every provider. */
public final class UpstreamFailures {
    /** The code of a provider's refusal of the gateway's own credential. */
    public static final String CREDENTIAL_REJECTED = "provider_auth_failed";

    private UpstreamFailures() {
    }

    /** A provider answered with an error status. */
    public static GatewayException fromStatus(Target target, int status, UpstreamError error, String retryAfter,
                                              Credential credential) {
        String provider = "Provider '" + target.providerName() + "'";
        String said = error.message() == null ? "" : ": " + credential.scrub(error.message());
        if (error.credentialRejected()) {
            // The provider's message may quote part of the key, so it is not passed on.
            return new GatewayException(502, "server_error", CREDENTIAL_REJECTED, null,
                    provider + " rejected the gateway's credential (HTTP " + status
                            + "). Check the credential configured for it.", null, null);
        }
        if (status == 429) {
            return new GatewayException(429, "rate_limit_error", "rate_limited", null,
                    provider + " is rate limiting requests" + said, retryAfter, null);
        }
        if (status == 503 || status == 529) {
            return new GatewayException(503, "server_error", "provider_overloaded", null,
                    provider + " is overloaded (HTTP " + status + ")" + said, retryAfter, null);
        }
        if (status >= 500) {
            return new GatewayException(502, "server_error", "upstream_error", null,
                    provider + " failed (HTTP " + status + ")" + said, retryAfter, null);
        }
        if (status == 408) {
            return timeout(target, null);
        }
        return new GatewayException(status, "invalid_request_error", "upstream_rejected", null,
                provider + " rejected the request (HTTP " + status + ")" + said, null, null);
    }

    /** A call failed without an answer: refused, timed out, cut. */
    public static GatewayException fromThrowable(Target target, Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof GatewayException g) {
            return g;
        }
        String provider = "Provider '" + target.providerName() + "'";
        if (t instanceof HostConnectionPool.PoolExhaustedException) {
            return GatewayException.overloaded("The gateway is at its limit of connections to provider '"
                    + target.providerName() + "': " + t.getMessage() + ". Try again shortly.", t);
        }
        String local = localResourceShortage(t);
        if (local != null) {
            return GatewayException.overloaded("The gateway is out of " + local + " and could not call provider '"
                    + target.providerName() + "'. Try again shortly.", t);
        }
        if (t instanceof UpstreamProtocolException) {
            return new GatewayException(502, "server_error", "upstream_invalid_response", null,
                    provider + " sent an answer the gateway refuses: " + t.getMessage() + ".", null, t);
        }
        if (t instanceof HttpConnectTimeoutException) {
            return new GatewayException(504, "server_error", "upstream_timeout", null,
                    provider + " did not accept a connection in time.", null, t);
        }
        if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
            return timeout(target, t);
        }
        if (t instanceof ConnectException || t.getCause() instanceof ConnectException) {
            return new GatewayException(502, "server_error", "upstream_unreachable", null,
                    provider + " could not be reached.", null, t);
        }
        javax.net.ssl.SSLException tls = find(t, javax.net.ssl.SSLException.class);
        if (tls != null) {
            return new GatewayException(502, "server_error", "upstream_tls_failed", null,
                    provider + " could not be reached securely: " + tls.getMessage(), null, t);
        }
        if (t instanceof CancellationException) {
            return new GatewayException(499, "server_error", "cancelled", null, "The request was cancelled.", null, t);
        }
        if (t instanceof java.io.IOException || t instanceof ClosedChannelException) {
            return new GatewayException(502, "server_error", "upstream_connection_lost", null,
                    provider + " closed the connection before answering in full.", null, t);
        }
        return new GatewayException(502, "server_error", "upstream_error", null,
                provider + " call failed: " + t.getClass().getSimpleName(), null, t);
    }

    /** The same failure with the credential removed from its message (providers sometimes quote what they got). */
    public static GatewayException scrub(GatewayException e, Credential credential) {
        String message = credential.scrub(e.getMessage());
        if (message == null || message.equals(e.getMessage())) {
            return e;
        }
        return new GatewayException(e.status(), e.type(), e.code(), e.param(), message, e.retryAfter(), null);
    }

    /**
     * What the gateway itself ran out of, when a failure says so (the operating system's messages for EMFILE,
     * ENFILE, ENOBUFS and EADDRNOTAVAIL), else null. No provider caused these, so none is blamed for them.
     */
    static String localResourceShortage(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            String message = c.getMessage();
            if (message == null) {
                continue;
            }
            if (message.contains("Too many open files")) {
                return "open files";
            }
            if (message.contains("No buffer space available")) {
                return "socket buffer space";
            }
            if (message.contains("Cannot assign requested address")) {
                return "local ports";
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** A 2xx answer that could not be read, or that holds no answer ({@link InvalidAnswerException}). */
    public static GatewayException invalidBody(Target target, Throwable cause) {
        String what = cause instanceof InvalidAnswerException invalid ? "answered without an answer: "
                + invalid.getMessage() : "sent an answer that could not be read.";
        return new GatewayException(502, "server_error", "upstream_invalid_response", null,
                "Provider '" + target.providerName() + "' " + what, null, cause);
    }

    /** A plain answer larger than the gateway buffers; it stopped reading at the limit. */
    public static GatewayException tooLarge(Target target, long limit) {
        return new GatewayException(502, "server_error", "upstream_invalid_response", null,
                "Provider '" + target.providerName() + "' sent an answer larger than " + limit
                        + " bytes, the most the gateway reads.", null, null);
    }

    /** A stream the gateway cannot follow: the provider {@code what} ("sent a stream event that could not be read."). */
    public static GatewayException invalidStream(Target target, String what, Throwable cause) {
        return new GatewayException(502, "server_error", "upstream_invalid_response", null,
                "Provider '" + target.providerName() + "' " + what, null, cause);
    }

    /** A streamed event (or one of its lines) larger than the gateway buffers. */
    public static GatewayException eventTooLarge(Target target, int limit) {
        return new GatewayException(502, "server_error", "upstream_invalid_response", null,
                "Provider '" + target.providerName() + "' sent a stream event larger than " + limit
                        + " bytes, the most the gateway reads.", null, null);
    }

    public static GatewayException streamCut(Target target) {
        return new GatewayException(502, "server_error", "upstream_stream_cut", null,
                "Provider '" + target.providerName() + "' ended the stream before the answer was complete.", null,
                null);
    }

    /** Nothing of the answer came within the provider's firstByteTimeout. */
    public static GatewayException noFirstByte(Target target) {
        return new GatewayException(504, "server_error", "upstream_timeout", null, "Provider '"
                + target.providerName() + "' did not start answering within "
                + target.provider().firstByteTimeout().toMillis() + " ms.", null, null);
    }

    /** The call was still waiting for a connection, the host being at the gateway's cap, when its answer was due. */
    public static GatewayException noConnectionInTime(Target target) {
        return GatewayException.overloaded("The gateway is at its limit of connections to provider '"
                + target.providerName() + "': none came free within its firstByteTimeout of "
                + target.provider().firstByteTimeout().toMillis() + " ms. Try again shortly.", null);
    }

    /**
     * A stream the caller read too slowly to finish within the provider's requestTimeout (the gateway had stopped
     * reading the provider meanwhile): the caller's doing, so no provider is blamed.
     */
    public static GatewayException callerTooSlow(Target target) {
        return new GatewayException(408, "invalid_request_error", "caller_too_slow", null, "The answer was not "
                + "read within provider '" + target.providerName() + "''s requestTimeout of "
                + target.provider().requestTimeout().toMillis() + " ms: the caller read it too slowly.", null, null);
    }

    /** The answer (plain, or a stream under way) was not finished when the provider's requestTimeout ran out. */
    public static GatewayException tooLong(Target target) {
        return new GatewayException(504, "server_error", "upstream_timeout", null, "Provider '"
                + target.providerName() + "' did not finish the answer within "
                + target.provider().requestTimeout().toMillis() + " ms.", null, null);
    }

    private static GatewayException timeout(Target target, Throwable cause) {
        return new GatewayException(504, "server_error", "upstream_timeout", null,
                "Provider '" + target.providerName() + "' did not answer in time.", null, cause);
    }
}
