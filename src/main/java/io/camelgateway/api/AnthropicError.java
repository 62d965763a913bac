package io.camelgateway.api;

/**
 * Anthropic's error body, {"type":"error","error":{"type","message"}}, for the Messages ingress. Anthropic's
 * SDKs read the kind of failure from the HTTP status, so the status stays the gateway's; the inner type is the one
 * Anthropic gives that status.
 */
public class AnthropicError {
    /** Requests to these paths are answered in Anthropic's shape, wherever they are refused. */
    public static final String PATH_PREFIX = "/v1/messages";

    public final String type = "error";
    public final Body error;

    public AnthropicError(String type, String message) {
        this.error = new Body(type, message);
    }

    public static AnthropicError of(GatewayException e) {
        return new AnthropicError(type(e.status()), e.getMessage());
    }

    /** The error body a request to this path gets: Anthropic's for the Messages ingress, OpenAI's elsewhere. */
    public static Object forPath(String path, GatewayException e) {
        return path != null && path.startsWith(PATH_PREFIX) ? of(e) : ApiError.of(e);
    }

    /** Anthropic's error type for an HTTP status (docs.anthropic.com, "Errors"). */
    static String type(int status) {
        return switch (status) {
            case 400, 405, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 408, 504 -> "timeout_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    public static class Body {
        public final String type;
        public final String message;

        Body(String type, String message) {
            this.type = type;
            this.message = message;
        }
    }
}
