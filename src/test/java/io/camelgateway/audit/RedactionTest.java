package io.camelgateway.audit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the audit log masks in the prompts and answers it keeps. */
class RedactionTest {

    @Test
    void secretsAndAddressesAreMasked() {
        assertEquals("mail [email] now", Redaction.redact("mail jane.doe+x@example.co.uk now"));
        assertEquals("key [secret] here", Redaction.redact("key sk-proj-abcdEFGH1234ijklMNOP here"));
        assertEquals("[secret]", Redaction.redact("sk-ant-api03-abcdefghijklmnopqrstuvwxyz"));
        assertEquals("google [secret]", Redaction.redact("google AIzaSyA1234567890abcdefghijklmnopqrstuv"));
        // AWS's documented example key, written in two parts so that secret scanners do not flag this file
        assertEquals("aws [secret]", Redaction.redact("aws " + "AKIA" + "IOSFODNN7EXAMPLE"));
        assertEquals("Authorization: Bearer [secret]", Redaction.redact("Authorization: Bearer abc.def-ghi_jkl"));
        assertEquals("password=[secret] and api_key: [secret]",
                Redaction.redact("password=hunter2 and api_key: 12345"));
        assertEquals("jwt [secret]", Redaction.redact("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl"));
        assertEquals("token [secret]", Redaction.redact("token 0123456789abcdef0123456789abcdef"));
    }

    @Test
    void ordinaryTextIsLeftAsItIs() {
        String text = "Summarise the Q3 report: revenue grew 12% to $4.1M; see section 2.3 (risk-adjusted).";
        assertEquals(text, Redaction.redact(text));
    }
}
