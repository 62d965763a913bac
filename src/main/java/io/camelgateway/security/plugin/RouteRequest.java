package io.camelgateway.security.plugin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.camel.Message;

import io.camelgateway.http.GatewayHeaderFilterStrategy;
import io.camelgateway.security.RequestHead;

/**
 * What an authentication route is given of a request: its method, path and headers, without the body's framing
 * headers (which differ between the request's head and the message the body completed) and without any header
 * named like the ones the route answers with, so that a caller cannot name itself.
 */
final class RouteRequest {
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "content-type",
            "connection", "keep-alive", "te", "trailer", "upgrade", "expect");

    private final String method;
    private final String path;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    RouteRequest(RequestHead request) {
        this.method = request.method();
        this.path = request.path();
        request.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("camel") && !FRAMING.contains(lower)
                    && !GatewayHeaderFilterStrategy.isResponseHeader(name)) {
                headers.putIfAbsent(name, value);
            }
        });
    }

    void copyTo(Message message) {
        headers.forEach(message::setHeader);
        message.setHeader(AuthRouteHeaders.METHOD, method);
        message.setHeader(AuthRouteHeaders.PATH, path);
    }

    /** The SHA-256 digest of everything the route is given: equal digests, equal questions. */
    ByteBuffer digest() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            add(digest, method);
            add(digest, path);
            headers.forEach((name, value) -> {
                add(digest, name.toLowerCase(Locale.ROOT));
                add(digest, value);
            });
            return ByteBuffer.wrap(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Length first, so that no two different sequences of texts feed the digest the same bytes. */
    private static void add(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
