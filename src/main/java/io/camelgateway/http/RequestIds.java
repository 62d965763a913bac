package io.camelgateway.http;

import java.util.concurrent.ThreadLocalRandom;

import io.netty.handler.codec.http.HttpRequest;

import io.camelgateway.GatewayConstants;

/**
 * A request's id: the caller's x-request-id when it is sane (at most {@value #MAX_LENGTH} chars of letters,
 * digits and {@code - _ . : / + =}), so that the caller's logs and the gateway's audit log meet; otherwise a new
 * one, so that nothing a caller sends (a CR/LF, a long string) is echoed or logged.
 */
public final class RequestIds {
    public static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    /** The id of the request with this head. */
    public static String of(HttpRequest head) {
        String asked = head.headers().get(GatewayConstants.HEADER_REQUEST_ID);
        return sane(asked) ? asked : generate();
    }

    static boolean sane(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-_.:/+=".indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** "req_" and 128 random bits in hex. */
    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "req_" + hex(random.nextLong()) + hex(random.nextLong());
    }

    private static String hex(long bits) {
        String digits = Long.toHexString(bits);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
