package io.camelgateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.provider.UpstreamError;

/**
 * Bedrock's errors: a status, the error's name in the x-amzn-ErrorType header and {"message": ...} as the body; in
 * a stream, an exception event named after the error. Every 403 (a key AWS does not know, a bad signature, a
 * missing IAM permission) is the gateway's credential's fault, never the caller's.
 */
final class BedrockErrors {

    private BedrockErrors() {
    }

    static UpstreamError read(int status, byte[] body) {
        String message = null;
        try {
            JsonNode root = body == null || body.length == 0 ? null : Json.tree(body);
            if (root != null && root.isObject()) {
                JsonNode text = root.has("message") ? root.get("message") : root.get("Message");
                message = text == null || text.isNull() ? null : text.asText();
            }
        } catch (Exception e) {
            // not JSON: the status says enough
        }
        return new UpstreamError(message, null, status == 401 || status == 403);
    }

    /** An exception event (or error message) that ended a stream after its 200 status had gone out. */
    static GatewayException inStream(String provider, String exception, String payload) {
        String message = "Provider '" + provider + "' reported " + exception + " during the stream";
        try {
            JsonNode root = payload == null || payload.isEmpty() ? null : Json.tree(payload);
            if (root != null && root.hasNonNull("message")) {
                message += ": " + root.get("message").asText();
            }
        } catch (Exception e) {
            // the exception's name says enough
        }
        return switch (exception) {
            case "throttlingException" -> new GatewayException(429, "rate_limit_error", "rate_limited", message);
            case "serviceUnavailableException" ->
                    new GatewayException(503, "server_error", "provider_overloaded", message);
            case "validationException" -> new GatewayException(400, "invalid_request_error", "upstream_rejected",
                    message);
            default -> new GatewayException(502, "server_error", "upstream_error", message);
        };
    }
}
