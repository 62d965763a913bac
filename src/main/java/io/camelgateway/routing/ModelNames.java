package io.camelgateway.routing;

import io.camelgateway.api.GatewayException;

/**
 * The model names a caller may send: letters, digits and {@code . - _ : @} (fine-tuned, Ollama, Bedrock and Vertex
 * names use them), in segments joined by {@code /} ("provider/model", or a provider's own "org/model"), with no
 * empty, "." or ".." segment. A name is checked before anything routes on it: it may end up in a provider's URL and
 * in the x-gateway-model response header.
 */
public final class ModelNames {
    private static final int MAX_LENGTH = 256;

    private ModelNames() {
    }

    /** @throws GatewayException a 400 naming the model parameter */
    public static void requireValid(String name) {
        if (!isValid(name)) {
            throw GatewayException.invalidRequest("model", "Invalid 'model': a model name has at most " + MAX_LENGTH
                    + " letters, digits and '.', '-', '_', ':', '@', with '/' between a provider and its model, and no"
                    + " '.' or '..' part.");
        }
    }

    static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        int segmentStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            char c = i < name.length() ? name.charAt(i) : '/';
            if (c == '/') {
                String segment = name.substring(segmentStart, i);
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ".-_:@".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }
}
