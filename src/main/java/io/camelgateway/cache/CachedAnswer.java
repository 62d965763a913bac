package io.camelgateway.cache;

import java.nio.ByteBuffer;

/**
 * A whole answer as the cache keeps it, here and in Redis: the chat completion's JSON, what it cost when it was
 * made (a hit saves that much), and when it expires.
 */
public record CachedAnswer(byte[] json, double costUsd, long expiresAtMillis) {
    private static final int HEAD = Double.BYTES + Long.BYTES;

    public boolean expired(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    /** About what it takes in memory: its JSON, plus a fixed share for the key and the objects around it. */
    public int weight() {
        return json.length + 192;
    }

    /** The form Redis keeps: cost, expiry, then the JSON. */
    public byte[] bytes() {
        return ByteBuffer.allocate(HEAD + json.length).putDouble(costUsd).putLong(expiresAtMillis).put(json).array();
    }

    /** Null for bytes that are not an answer (a key someone else wrote). */
    public static CachedAnswer fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length <= HEAD) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        double cost = buffer.getDouble();
        long expires = buffer.getLong();
        byte[] json = new byte[bytes.length - HEAD];
        buffer.get(json);
        return new CachedAnswer(json, cost, expires);
    }
}
