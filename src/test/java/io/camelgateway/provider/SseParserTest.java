package io.camelgateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<SseEvent> parse(String text) {
        parser.feed(utf8(text));
        return events;
    }

    @Test
    void lfLineEndingsAreAccepted() {
        assertEquals(List.of(new SseEvent(null, "a\nb"), new SseEvent(null, "c")),
                parse("data: a\ndata: b\n\ndata: c\n\n"));
    }

    @Test
    void crlfLineEndingsAreAccepted() {
        assertEquals(List.of(new SseEvent(null, "a\nb"), new SseEvent(null, "c")),
                parse("data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n"));
    }

    @Test
    void crLineEndingsAreAccepted() {
        assertEquals(List.of(new SseEvent(null, "a\nb"), new SseEvent(null, "c")),
                parse("data: a\rdata: b\r\rdata: c\r\r"));
    }

    @Test
    void eventSplitAtEveryBytePositionIsReassembled() {
        byte[] input = utf8("event: delta\r\ndata: {\"text\":\"h\u00e9\"}\r\ndata: \ud83d\ude00\r\n\r\n"
                + ": ping\n\ndata: second\r\rdata:third\n\n");
        List<SseEvent> expected = List.of(
                new SseEvent("delta", "{\"text\":\"h\u00e9\"}\n\ud83d\ude00"),
                new SseEvent(null, "second"),
                new SseEvent(null, "third"));
        for (int split = 0; split <= input.length; split++) {
            List<SseEvent> got = new ArrayList<>();
            SseParser p = new SseParser(got::add);
            p.feed(Arrays.copyOfRange(input, 0, split));
            p.feed(Arrays.copyOfRange(input, split, input.length));
            assertEquals(expected, got, "split at byte " + split);
        }
    }

    @Test
    void multiByteCharactersSplitBetweenFeedsAreDecodedWhole() {
        byte[] input = utf8("data: \u00e9\ud83d\ude00\n\n");
        // "data: " is 6 bytes; é is 2 bytes (6..7), the emoji 4 bytes (8..11): feed one byte at a time.
        for (byte b : input) {
            parser.feed(new byte[] {b});
        }
        assertEquals(List.of(new SseEvent(null, "\u00e9\ud83d\ude00")), events);
    }

    @Test
    void multiLineDataIsJoinedByNewline() {
        assertEquals(List.of(new SseEvent(null, "one\ntwo\nthree")), parse("data: one\ndata: two\ndata: three\n\n"));
    }

    @Test
    void eventNameIsKeptAndResetAfterDispatch() {
        assertEquals(List.of(new SseEvent("message_start", "{}"), new SseEvent(null, "next")),
                parse("event: message_start\ndata: {}\n\ndata: next\n\n"));
    }

    @Test
    void commentsAreIgnored() {
        assertEquals(List.of(new SseEvent(null, "x")), parse(": ping\n\ndata: x\n: keep-alive\n\n"));
    }

    @Test
    void dataWithoutSpaceAfterColonIsAccepted() {
        assertEquals(List.of(new SseEvent(null, "x")), parse("data:x\n\n"));
    }

    @Test
    void onlyOneLeadingSpaceIsRemoved() {
        assertEquals(List.of(new SseEvent(null, " x")), parse("data:  x\n\n"));
    }

    @Test
    void eventWithoutFinalBlankLineIsDispatchedByFinishOnly() {
        parser.feed(utf8("event: end\ndata: last"));
        assertEquals(List.of(), events);
        parser.finish();
        assertEquals(List.of(new SseEvent("end", "last")), events);
    }

    @Test
    void emptyDataLinesAreKept() {
        assertEquals(List.of(new SseEvent(null, ""), new SseEvent(null, "\na")),
                parse("data:\n\ndata\ndata: a\n\n"));
    }

    @Test
    void eventWithoutDataDispatchesNothingAndItsNameDoesNotLeak() {
        assertEquals(List.of(new SseEvent(null, "x")), parse("event: ping\n\n\ndata: x\n\n"));
    }

    @Test
    void aLineOverTheLimitIsRefusedBeforeMoreOfItIsBuffered() {
        SseParser small = new SseParser(events::add, 1024);
        byte[] piece = utf8("x".repeat(100));
        small.feed(utf8("data: "));
        SseParser.EventTooLargeException refused = org.junit.jupiter.api.Assertions.assertThrows(
                SseParser.EventTooLargeException.class, () -> {
                    for (int i = 0; i < 1_000_000; i++) { // 100 MB if nothing stopped it
                        small.feed(piece);
                    }
                });
        assertEquals("a server-sent event or line over 1024 bytes", refused.getMessage());
        assertEquals(List.of(), events);
    }

    @Test
    void anEventWhoseDataLinesAddUpOverTheLimitIsRefused() {
        SseParser small = new SseParser(events::add, 1024);
        String line = "data: " + "y".repeat(500) + "\n";
        small.feed(utf8(line + line + "\n"));
        assertEquals(1, events.size(), "1001 bytes of data fit");
        org.junit.jupiter.api.Assertions.assertThrows(SseParser.EventTooLargeException.class,
                () -> small.feed(utf8(line + line + line)));
        assertEquals(1, events.size());
    }

    @Test
    void aLineOfExactlyTheLimitIsAccepted() {
        SseParser small = new SseParser(events::add, 1024);
        small.feed(utf8("data: " + "z".repeat(1018) + "\n\n"));
        assertEquals(1018, events.get(0).data().length());
    }
}
