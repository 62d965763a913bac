package io.camelgateway.guardrail.pii;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class PiiScannerTest {
    private final PiiScanner scanner = new PiiScanner();

    private List<String> found(String text) {
        return scanner.scan(text).stream()
                .map(f -> f.kind().id() + ":" + text.substring(f.start(), f.end())).toList();
    }

    @Test
    void aValueTwoRecognisersSeeIsReportedOnceAsTheStricterKind() {
        // 16 digits that pass Luhn are also a valid-looking phone number: the card wins
        assertEquals(List.of("card:4111111111111111"), found("call 4111111111111111"));
    }

    @Test
    void validationDecidesNotTheShape() {
        assertEquals(List.of(), found("card 4111 1111 1111 1112, IBAN DE89370400440532013001, SSN 666-12-3456"));
        assertEquals(List.of("card:4111 1111 1111 1111", "iban:DE89370400440532013000",
                "national_id:536-22-1478"), found("card 4111 1111 1111 1111, IBAN DE89370400440532013000, SSN "
                + "536-22-1478"));
    }

    @Test
    void loneSurrogatesControlCharactersAndOtherScriptsDoNotBreakIt() {
        assertEquals(List.of("email:ana@example.com"), found("\ud800\u0000 ñandú ана ana@example.com \udfff"));
    }

    @Test
    void fourMegabytesOfDigitsAndDotsAreScannedInBoundedTime() {
        String text = "1.2.3.4.5 0000 1111 2222 3333 4444 +1 ( - ) aGVsbG8gd29ybGQ ".repeat(70_000);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> scanner.scan(text));
    }
}
