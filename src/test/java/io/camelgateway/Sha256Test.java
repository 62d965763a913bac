package io.camelgateway;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The digest each thread reuses gives every caller the digest of its own bytes only. */
class Sha256Test {

    @Test
    void hexIsTheStandardDigestInLowerCase() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.hex("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(""));
    }

    @Test
    void partsDigestAsTheirConcatenation() {
        byte[] a = "ab".getBytes(StandardCharsets.UTF_8);
        byte[] c = "c".getBytes(StandardCharsets.UTF_8);
        assertEquals(Sha256.hex("abc"), Sha256.hex(a, c));
        assertEquals(Sha256.hex("abc"), Sha256.hex(a, new byte[0], c));
    }

    @Test
    void aCallCarriesNothingOverFromTheLast() {
        String first = Sha256.hex("abc");
        Sha256.hex("something else");
        assertEquals(first, Sha256.hex("abc"));
    }
}
