package io.camelgateway.security.plugin;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks HMAC-SHA256 signatures made with a shared secret, for authentication routes that accept a signed header
 * (docs/examples/auth-legacy-hmac.camel.yaml declares one as a bean). The comparison takes the same time however
 * much of a guess is right.
 */
public final class HmacSha256Signature {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** @param secret the shared secret, at least 32 bytes: a shorter one is easier to guess than the MAC */
    public HmacSha256Signature(String secret) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("An HMAC-SHA256 secret needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The signature of a text, in lower-case hex. */
    public String sign(String text) {
        return HexFormat.of().formatHex(mac(text));
    }

    /** Whether a hex signature (either case) is the text's. */
    public boolean matches(String text, String signature) {
        if (text == null || signature == null || signature.length() != 64) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(mac(text), given);
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
