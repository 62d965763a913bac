package io.camelgateway.security.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class HmacSha256SignatureTest {
    private static final String SECRET = "legacy-shared-secret-0123456789abcdef";
    private final HmacSha256Signature signature = new HmacSha256Signature(SECRET);

    @Test
    void signsAsOpensslDoes() {
        // printf 'POST\n/v1/chat/completions\n1767225600' | openssl dgst -sha256 -hmac "$SECRET" -hex
        assertEquals("db251e2d0204a5330885014d9648f1968d6047476ba0c2b828d35bda212b2c5d",
                signature.sign("POST\n/v1/chat/completions\n1767225600"));
    }

    @Test
    void acceptsItsOwnSignatureInEitherCaseAndNothingElse() {
        String text = "GET\n/v1/models\n1767225600";
        String signed = signature.sign(text);

        assertTrue(signature.matches(text, signed));
        assertTrue(signature.matches(text, signed.toUpperCase(Locale.ROOT)));
        assertFalse(signature.matches(text + "0", signed));
        assertFalse(signature.matches(text, signed.substring(1) + "g"));
        assertFalse(signature.matches(text, signed.substring(2)));
        assertFalse(signature.matches(text, null));
    }

    @Test
    void shortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HmacSha256Signature("too-short"));
    }
}
