package io.camelgateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.provider.UpstreamError;

/** Reads Gemini's error object: {"error":{"code","message","status","details":[...]}}. */
final class GeminiErrors {

    private GeminiErrors() {
    }

    static UpstreamError read(int status, byte[] body) {
        boolean statusRejects = status == 401 || status == 403;
        JsonNode error = errorObject(body);
        if (error == null) {
            return new UpstreamError(null, null, statusRejects);
        }
        String word = textOrNull(error, "status");
        boolean rejected = statusRejects
                || "UNAUTHENTICATED".equals(word)
                || "PERMISSION_DENIED".equals(word)
                || hasReason(error, "API_KEY_INVALID");
        return new UpstreamError(textOrNull(error, "message"), word, rejected);
    }

    /** An error Gemini sent as a stream event, after the 200 status had gone out. */
    static GatewayException inStream(String provider, JsonNode error) {
        String word = error.path("status").asText("");
        String message = "Provider '" + provider + "' reported an error during the stream: "
                + error.path("message").asText("(no message)");
        return switch (word) {
            case "RESOURCE_EXHAUSTED" -> new GatewayException(429, "server_error", "rate_limited", message);
            case "UNAVAILABLE" -> new GatewayException(503, "server_error", "upstream_error", message);
            default -> new GatewayException(502, "server_error", "upstream_error", message);
        };
    }

    /** The error object, or null when the body is empty, not JSON or not Gemini's shape. */
    private static JsonNode errorObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = Json.tree(body);
            // streamGenerateContent without alt=sse wraps its answer, errors included, in an array
            if (root != null && root.isArray()) {
                root = root.path(0);
            }
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Gemini answers a bad API key with 400 INVALID_ARGUMENT; only the ErrorInfo reason tells it apart. */
    private static boolean hasReason(JsonNode error, String reason) {
        for (JsonNode detail : error.path("details")) {
            if (reason.equals(detail.path("reason").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String textOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
