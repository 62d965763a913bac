package io.camelgateway.security;

import io.camelgateway.api.GatewayException;

/**
 * What one authentication scheme makes of a request: the caller it recognised, a refusal, or "not mine" (the
 * credential is not of this scheme's kind, so the next scheme is asked).
 *
 * @param caller  the caller, when accepted
 * @param refusal the answer the caller gets (401, or 503 when the scheme's own server is unreachable), when refused
 * @param reason  a short category for the log line ("expired", "bad_signature", "unknown_key"), never the token
 */
public record Verdict(CallerIdentity caller, GatewayException refusal, String reason) {
    private static final Verdict NOT_MINE = new Verdict(null, null, null);

    public static Verdict accepted(CallerIdentity caller) {
        return new Verdict(caller, null, null);
    }

    /** A 401 in OpenAI's shape, telling the caller what to fix; the reason goes only to the log. */
    public static Verdict refused(String reason, String message) {
        return new Verdict(null, GatewayException.unauthorized(message), reason);
    }

    public static Verdict refused(String reason, GatewayException refusal) {
        return new Verdict(null, refusal, reason);
    }

    public static Verdict notMine() {
        return NOT_MINE;
    }

    public boolean isNotMine() {
        return caller == null && refusal == null;
    }
}
