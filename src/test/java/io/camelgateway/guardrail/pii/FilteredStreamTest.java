package io.camelgateway.guardrail.pii;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.ChatStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilteredStreamTest {
    private static ChatCompletionChunk chunk(String content, String finish) {
        ChatCompletionChunk.Delta delta = new ChatCompletionChunk.Delta();
        delta.content = content;
        ChatCompletionChunk chunk = new ChatCompletionChunk();
        chunk.choices = List.of(new ChatCompletionChunk.Choice(0, delta, finish));
        return chunk;
    }

    /** What the caller receives, chunk by chunk, when the provider sends these pieces. */
    private static List<String> received(Placeholders placeholders, PiiReport answerFound, String... pieces) {
        ChatStream provider = new ChatStream(false);
        ChatStream caller = FilteredStream.filtered(provider, () -> {
            StreamTextFilter restore = new PlaceholderRestorer(placeholders);
            return answerFound == null ? restore
                    : restore.then(new AnswerScan(new PiiScanner(), placeholders, true, answerFound));
        });
        for (int i = 0; i < pieces.length; i++) {
            provider.push(chunk(pieces[i], i == pieces.length - 1 ? "stop" : null));
        }
        provider.complete();
        List<String> out = new ArrayList<>();
        ChatCompletionChunk c;
        while ((c = caller.poll()) != null) {
            out.add(c.choices.get(0).delta.content);
        }
        assertTrue(caller.isEnded());
        return out;
    }

    @Test
    void placeholderSplitCharByCharComesBackWhole() {
        Placeholders placeholders = new Placeholders();
        placeholders.placeholderFor(PiiKind.EMAIL, "ana@example.com");
        List<String> out = received(placeholders, null, "Hi <", "E", "MAIL", "_", "1", "> bye", "");
        assertEquals("Hi ana@example.com bye", String.join("", out));
        assertEquals("Hi ", out.get(0), "text before the '<' is not held");
    }

    @Test
    void anAngleBracketThatIsNoPlaceholderIsHeldOnlyBriefly() {
        List<String> out = received(new Placeholders(), null, "a <", "b> c", "<3", " ok");
        assertEquals(List.of("a ", "<b> c", "", "<3 ok"), out);
    }

    @Test
    void whatIsHeldBackIsBoundedWhateverTheProviderSends() {
        Placeholders placeholders = new Placeholders();
        placeholders.placeholderFor(PiiKind.EMAIL, "ana@example.com");
        String longRun = "<" + "A".repeat(100);
        List<String> out = received(placeholders, null, longRun, "B", "");
        assertEquals(longRun.length(), out.get(0).length(), "more than a placeholder's length is never held");
    }

    @Test
    void answerScanRedactsAValueSplitOverChunksButNotTheCallersOwn() {
        Placeholders placeholders = new Placeholders();
        placeholders.placeholderFor(PiiKind.EMAIL, "ana@example.com");
        PiiReport found = new PiiReport();
        List<String> out = received(placeholders, found, "Ask <EMAIL_1> or bob@exa", "mple.org, card 4111 1111 ",
                "1111 1111.");
        assertEquals("Ask ana@example.com or [EMAIL], card [CARD].", String.join("", out));
        assertEquals("card, email", found.kinds());
    }
}
