package io.camelgateway.api;

import java.util.Set;

/**
 * A failure the caller should see, with the HTTP status and the fields of OpenAI's error object.
 * Its message is shown to the caller, so it must never contain a secret.
 */
public class GatewayException extends RuntimeException {
    /** The code of a failure of the gateway's own capacity (connections, files): never a provider's fault. */
    public static final String OVERLOADED = "gateway_overloaded";
    /** A provider's queue in the gateway is full: the gateway's own limit for that provider, not the provider's. */
    public static final String PROVIDER_QUEUE_FULL = "provider_queue_full";
    /** A request waited its longest in a provider's queue in the gateway without being sent. */
    public static final String PROVIDER_QUEUE_TIMEOUT = "provider_queue_timeout";
    /** A pool's member is at the gateway's own limit for its provider; the pool tries another member. */
    public static final String PROVIDER_BUSY = "provider_busy";
    private static final Set<String> GATEWAY_OWN = Set.of(OVERLOADED, PROVIDER_QUEUE_FULL,
            PROVIDER_QUEUE_TIMEOUT, PROVIDER_BUSY);

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final String retryAfter;

    public GatewayException(int status, String type, String code, String message) {
        this(status, type, code, null, message, null, null);
    }

    public GatewayException(int status, String type, String code, String param, String message, String retryAfter,
                            Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfter = retryAfter;
    }

    public static GatewayException invalidRequest(String param, String message) {
        return new GatewayException(400, "invalid_request_error", "invalid_request", param, message, null, null);
    }

    public static GatewayException unknownModel(String model) {
        return new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist or is not served by this gateway.", null, null);
    }

    public static GatewayException unauthorized(String message) {
        return new GatewayException(401, "invalid_request_error", "invalid_api_key", message);
    }

    /** The gateway ran out of something of its own (connections to a provider, open files, socket buffers). */
    public static GatewayException overloaded(String message, Throwable cause) {
        return new GatewayException(503, "server_error", OVERLOADED, null, message, null, cause);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    /** The Retry-After value to pass on to the caller, or null. */
    public String retryAfter() {
        return retryAfter;
    }

    /**
     * Whether this failure is the provider's, not the caller's: 5xx answers, 429, timeouts, refused or lost
     * connections, an invalid answer, a rejected gateway credential. These count against a provider's circuit
     * breaker and justify trying another provider; a caller's 4xx, a caller who went away (499), or the gateway's
     * own lack of capacity ({@link #OVERLOADED}) or its own limits for a provider (its queue) does not.
     */
    public boolean providerFault() {
        return !GATEWAY_OWN.contains(code) && (status == 429 || (status >= 500 && status != 501));
    }
}
