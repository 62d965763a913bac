package io.camelgateway.provider;

import java.nio.charset.StandardCharsets;

import io.camelgateway.api.GatewayException;

/**
 * Provider URLs that carry a name (a Gemini model, an Azure deployment) as one path segment: the name is refused if
 * it could step out of that segment, and percent-encoded otherwise, whatever checks ran before.
 */
public final class UpstreamPath {
    private UpstreamPath() {
    }

    /**
     * @param name     the model or deployment name
     * @param provider the provider's name, for the error message
     * @return the name as one encoded path segment
     * @throws GatewayException a 400 naming the model parameter, for an empty, "." or ".." name, or one with a '/'
     */
    public static String segment(String name, String provider) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
            throw GatewayException.invalidRequest("model", "Provider '" + provider + "' takes a model name without"
                    + " '/' and that is not '.' or '..'.");
        }
        return encoded(name);
    }

    /**
     * A name that may hold '/' and ':' (a Bedrock model id, an inference-profile ARN) as one path segment: every
     * character but the unreserved ones is percent-encoded, the slash too, so it cannot step out of its segment.
     *
     * @throws GatewayException a 400 naming the model parameter, for an empty, "." or ".." name
     */
    public static String opaqueSegment(String name, String provider) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw GatewayException.invalidRequest("model", "Provider '" + provider + "' needs a model name that is "
                    + "not '.' or '..'.");
        }
        return encoded(name);
    }

    private static String encoded(String name) {
        StringBuilder encoded = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
