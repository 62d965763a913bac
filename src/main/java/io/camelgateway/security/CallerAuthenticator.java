package io.camelgateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;

/**
 * Route step: checks the caller's gateway key (Authorization: Bearer, or x-api-key / api-key as the Anthropic and
 * Azure SDKs send it) in constant time, records who called, and removes the key from the message so that nothing
 * downstream can forward or log it.
 */
public class CallerAuthenticator implements Processor {
    private static final String[] KEY_HEADERS = {"Authorization", "x-api-key", "api-key"};

    private final List<KnownKey> keys;

    /** @param keys caller names and their keys */
    public CallerAuthenticator(List<io.camelgateway.config.GatewayConfig.CallerKey> keys) {
        this.keys = keys.stream().map(k -> new KnownKey(k.name(), digest(k.key()))).toList();
    }

    public boolean hasKeys() {
        return !keys.isEmpty();
    }

    @Override
    public void process(Exchange exchange) {
        String presented = presentedKey(exchange);
        for (String header : KEY_HEADERS) {
            exchange.getMessage().removeHeader(header);
        }
        if (presented == null || presented.isEmpty()) {
            throw GatewayException.unauthorized("You didn't provide an API key. Send your gateway key as "
                    + "'Authorization: Bearer <key>'.");
        }
        CallerIdentity caller = identify(presented);
        if (caller == null) {
            throw GatewayException.unauthorized("Incorrect API key provided.");
        }
        exchange.setProperty(GatewayConstants.CALLER, caller);
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

    private static String presentedKey(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        if (authorization != null) {
            return authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
        }
        String key = exchange.getMessage().getHeader("x-api-key", String.class);
        return key != null ? key.trim() : exchange.getMessage().getHeader("api-key", String.class);
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
