package io.camelgateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;

/**
 * Route step: checks the caller's gateway key (Authorization: Bearer, or x-api-key / api-key as the Anthropic and
 * Azure SDKs send it) in constant time, records who called, and removes the key from the message so that nothing
 * downstream can forward or log it. The ingress guard makes the same decision on the request head, before the body
 * is read ({@link #needsKey}, {@link #authenticate}). Keys are read from headers only, never from the query string,
 * which access logs keep.
 */
public class CallerAuthenticator implements Processor {
    private static final String[] KEY_HEADERS = {"Authorization", "x-api-key", "api-key"};
    private static final Set<String> HEALTH_CHECKS = Set.of("/health/live", "/health/ready");

    private final List<KnownKey> keys;

    /** @param keys caller names and their keys */
    public CallerAuthenticator(List<io.camelgateway.config.GatewayConfig.CallerKey> keys) {
        this.keys = keys.stream().map(k -> new KnownKey(k.name(), digest(k.key()))).toList();
    }

    public boolean hasKeys() {
        return !keys.isEmpty();
    }

    /**
     * Whether a request needs a key: every one does but a GET or HEAD of a health check, which load balancers and
     * Kubernetes probes make without one.
     *
     * @param rawPath the request's path, not decoded, without the query
     */
    public static boolean needsKey(String method, String rawPath) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return true;
        }
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1)
                : rawPath;
        return !HEALTH_CHECKS.contains(path.toLowerCase(Locale.ROOT));
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        CallerIdentity caller;
        try {
            caller = authenticate(name -> message.getHeader(name, String.class));
        } finally {
            for (String header : KEY_HEADERS) {
                message.removeHeader(header);
            }
        }
        exchange.setProperty(GatewayConstants.CALLER, caller);
    }

    /**
     * The caller whose key the request's headers carry; a 401 in OpenAI's shape when there is none or it is wrong.
     *
     * @param header a request header's value by name, or null
     */
    public CallerIdentity authenticate(UnaryOperator<String> header) {
        String presented = presentedKey(header);
        if (presented == null || presented.isEmpty()) {
            throw GatewayException.unauthorized("You didn't provide an API key. Send your gateway key as "
                    + "'Authorization: Bearer <key>'.");
        }
        CallerIdentity caller = identify(presented);
        if (caller == null) {
            throw GatewayException.unauthorized("Incorrect API key provided.");
        }
        return caller;
    }

    /** The caller a key belongs to, or null. Every known key is compared, so timing says nothing about which. */
    CallerIdentity identify(String presented) {
        byte[] digest = digest(presented);
        CallerIdentity match = null;
        for (KnownKey known : keys) {
            if (MessageDigest.isEqual(known.digest, digest) && match == null) {
                match = new CallerIdentity(known.name);
            }
        }
        return match;
    }

    private static String presentedKey(UnaryOperator<String> header) {
        String authorization = header.apply("Authorization");
        if (authorization != null) {
            return authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
        }
        String key = header.apply("x-api-key");
        return key != null ? key.trim() : header.apply("api-key");
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record KnownKey(String name, byte[] digest) {
    }
}
