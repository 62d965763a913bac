package io.camelgateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests, raw or in lower-case hex: of keys and tokens (kept by digest, never as they are), of cache keys. */
public final class Sha256 {
    private static final HexFormat HEX = HexFormat.of();

    // One per thread: MessageDigest.getInstance looks the provider up again on every call, a measurable part of a
    // request's CPU on the event loops (docs/benchmarks.md).
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    });

    private Sha256() {
    }

    /** The digest of the parts one after the other, as of their concatenation. */
    public static byte[] of(byte[]... parts) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** The digest of the text's UTF-8 bytes. */
    public static byte[] of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #of(byte[]...)} in lower-case hex. */
    public static String hex(byte[]... parts) {
        return HEX.formatHex(of(parts));
    }

    /** {@link #of(String)} in lower-case hex. */
    public static String hex(String text) {
        return HEX.formatHex(of(text));
    }
}
