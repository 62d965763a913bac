package io.camelgateway.routing.semantic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caller's request is read apart from the text they pasted with it. */
class PromptPartsTest {

    @Test
    void fencedCodeIsMaterial() {
        PromptParts parts = PromptParts.of("Why is this slow?\n```sql\nSELECT * FROM orders o JOIN items i;\n```");
        assertEquals("Why is this slow?", parts.request());
        assertTrue(parts.material().contains("SELECT * FROM orders"), parts.material());
    }

    @Test
    void unfencedCodeAfterTheQuestionIsMaterial() {
        PromptParts parts = PromptParts.of("What's wrong here?\n\nfunction f(xs) {\n  let n = 0;\n  return n;\n}");
        assertEquals("What's wrong here?", parts.request());
        assertTrue(parts.material().contains("let n = 0;"), parts.material());
    }

    @Test
    void aLongQuoteIsMaterialAndAShortOneStays() {
        PromptParts letter = PromptParts.of("What does this say? \"Sehr geehrte Damen und Herren, Ihre Bestellung "
                + "wurde leider storniert.\"");
        assertEquals("What does this say?", letter.request());
        assertTrue(letter.material().startsWith("\"Sehr geehrte"), letter.material());

        PromptParts phrase = PromptParts.of("How do I say 'cheers' in Italian?");
        assertFalse(phrase.hasMaterial());
        assertEquals("How do I say 'cheers' in Italian?", phrase.request());
    }

    @Test
    void quotedLinesAreMaterial() {
        PromptParts parts = PromptParts.of("Answer this for me, politely:\n> Can we move the call to Friday?\n"
                + "> Thanks, Ann");
        assertEquals("Answer this for me, politely:", parts.request());
        assertEquals("> Can we move the call to Friday?\n> Thanks, Ann", parts.material());
    }

    @Test
    void aLeadInEndingInAColonIsTheRequest() {
        PromptParts parts = PromptParts.of("tl;dr please: The council approved the new bike lanes on Tuesday after a "
                + "long debate about parking, costs and the timeline for the works downtown.");
        assertEquals("tl;dr please:", parts.request());
        assertTrue(parts.material().startsWith("The council approved"), parts.material());
    }

    @Test
    void aRequestAfterALongPastedParagraphIsFound() {
        String paragraph = "The quarterly figures show that revenue grew in every region except the north, where two "
                + "large customers delayed their orders until the next quarter, and costs stayed flat because "
                + "marketing spent the same as last year while hiring was frozen for the whole period.";
        PromptParts parts = PromptParts.of(paragraph + "\n\nSummarise the above in two lines.");
        assertEquals("Summarise the above in two lines.", parts.request());
        assertEquals(paragraph, parts.material());
    }

    @Test
    void aHugePromptIsReadInBoundedTime() {
        String unclosedQuotes = "“ word".repeat(600_000);
        long start = System.nanoTime();
        PromptParts parts = PromptParts.of("Summarise this:\n\n" + unclosedQuotes + "\n\nIn one line please.");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 500, millis + " ms");
        assertEquals("Summarise this:", parts.request());
    }

    @Test
    void aPlainQuestionIsAllRequest() {
        String question = "We have three days in Rome with two kids: what should we see, and what can we skip?";
        PromptParts parts = PromptParts.of(question);
        assertFalse(parts.hasMaterial());
        assertEquals(question, parts.request());
    }
}
