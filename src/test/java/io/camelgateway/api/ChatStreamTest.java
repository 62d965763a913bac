package io.camelgateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ChatStreamTest {

    private static ChatCompletionChunk content(String text) {
        ChatCompletionChunk chunk = new ChatCompletionChunk();
        ChatCompletionChunk.Delta delta = new ChatCompletionChunk.Delta();
        delta.content = text;
        chunk.choices = List.of(new ChatCompletionChunk.Choice(0, delta, null));
        return chunk;
    }

    private static ChatCompletionChunk usageOnly(int prompt, int completion) {
        ChatCompletionChunk chunk = new ChatCompletionChunk();
        chunk.usage = new Usage(prompt, completion);
        return chunk;
    }

    @Test
    void usageOnlyChunkIsDroppedWhenNotAskedForButUsageIsStillReported() {
        ChatStream stream = new ChatStream(false);
        ChatCompletionChunk text = content("hi");
        stream.push(text);
        stream.push(usageOnly(3, 5));

        assertSame(text, stream.poll());
        assertNull(stream.poll());
        assertEquals(3, stream.usage().promptTokens);
        assertEquals(5, stream.usage().completionTokens);
        assertEquals(8, stream.usage().totalTokens);
    }

    @Test
    void usageOnContentChunkIsHiddenWhenNotAskedFor() {
        ChatStream stream = new ChatStream(false);
        ChatCompletionChunk last = content("bye");
        last.usage = new Usage(2, 4);
        stream.push(last);

        assertNull(stream.poll().usage);
        assertEquals(6, stream.usage().totalTokens);
    }

    @Test
    void usageOnlyChunkIsKeptWhenAskedFor() {
        ChatStream stream = new ChatStream(true);
        ChatCompletionChunk usage = usageOnly(3, 5);
        stream.push(content("hi"));
        stream.push(usage);

        assertEquals("hi", stream.poll().choices.get(0).delta.content);
        assertSame(usage, stream.poll());
        assertNull(stream.poll());
        assertEquals(8, stream.usage().totalTokens);
    }

    @Test
    void isEndedOnlyAfterCompleteAndQueueDrained() {
        ChatStream stream = new ChatStream(false);
        stream.push(content("a"));
        assertFalse(stream.isEnded());
        stream.complete();
        assertFalse(stream.isEnded());
        stream.poll();
        assertTrue(stream.isEnded());
        assertNull(stream.error());
    }

    @Test
    void failEndsTheStreamAfterQueuedChunksAndExposesTheError() {
        ChatStream stream = new ChatStream(false);
        GatewayException boom = new GatewayException(502, "server_error", "upstream_error", "boom");
        stream.push(content("a"));
        stream.fail(boom);

        assertFalse(stream.isEnded());
        assertEquals("a", stream.poll().choices.get(0).delta.content);
        assertTrue(stream.isEnded());
        assertSame(boom, stream.error());
    }

    @Test
    void cancelRunsEachCancellerExactlyOnceEvenWhenCalledTwice() {
        ChatStream stream = new ChatStream(false);
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        stream.onCancel(first::incrementAndGet);
        stream.onCancel(second::incrementAndGet);
        assertEquals(0, first.get());

        stream.cancel();
        stream.cancel();

        assertTrue(stream.isCancelled());
        assertEquals(1, first.get());
        assertEquals(1, second.get());
    }

    @Test
    void cancellerRegisteredAfterCancelRunsAtOnce() {
        ChatStream stream = new ChatStream(false);
        stream.cancel();
        AtomicInteger late = new AtomicInteger();
        stream.onCancel(late::incrementAndGet);
        assertEquals(1, late.get());
        stream.cancel();
        assertEquals(1, late.get());
    }

    @Test
    void onAvailableIsCalledOnRegistrationPushCompleteAndFail() {
        ChatStream stream = new ChatStream(false);
        AtomicInteger calls = new AtomicInteger();
        stream.onAvailable(calls::incrementAndGet);
        assertEquals(1, calls.get());
        stream.push(content("a"));
        assertEquals(2, calls.get());
        stream.complete();
        assertEquals(3, calls.get());
        stream.fail(new GatewayException(502, "server_error", "upstream_error", "boom"));
        assertEquals(3, calls.get(), "a stream that completed stays complete");
        assertEquals(null, stream.error());

        ChatStream failing = new ChatStream(false);
        failing.onAvailable(calls::incrementAndGet);
        failing.fail(new GatewayException(504, "server_error", "upstream_timeout", "first"));
        failing.fail(new GatewayException(502, "server_error", "upstream_error", "second"));
        assertEquals(5, calls.get());
        assertEquals("first", failing.error().getMessage(), "the first ending stands");
    }

    @Test
    void aStreamIsFullPastItsHighWaterMarkUntilTheCallerTakesItBelowHalf() {
        ChatStream stream = new ChatStream(false, 4096);
        List<Boolean> told = new java.util.ArrayList<>();
        stream.onFullChange(() -> told.add(stream.isFull()));
        String kilobyte = "k".repeat(1024);
        for (int i = 0; i < 4; i++) {
            stream.push(content(kilobyte));
        }
        assertTrue(stream.isFull(), "4 KiB of text and the chunks' weight: " + stream.bufferedBytes());
        assertEquals(List.of(false, true), told);

        stream.poll();
        assertTrue(stream.isFull(), "still above half: " + stream.bufferedBytes());
        stream.poll();
        stream.poll();
        assertFalse(stream.isFull(), "below half: " + stream.bufferedBytes());
        assertEquals(List.of(false, true, false), told);

        stream.complete();
        assertEquals(kilobyte, stream.poll().choices.get(0).delta.content);
        assertTrue(stream.isEnded());
        assertEquals(0, stream.bufferedBytes());
    }

    @Test
    void aReplayOfAWholeAnswerIsNotHeldBackByTheMark() {
        ChatStream stream = new ChatStream(false, 1);
        stream.push(content("more than one byte"));
        stream.complete();
        assertTrue(stream.isFull());
        assertEquals("more than one byte", stream.poll().choices.get(0).delta.content);
        assertTrue(stream.isEnded());
    }

    @Test
    void anObserverSeesEveryChunkTheCallerWillGetOnceInOrderButOnlyBeforeTheCallerReads() {
        ChatStream stream = new ChatStream(false);
        stream.push(content("one "));
        List<String> seen = new java.util.ArrayList<>();
        assertTrue(stream.observe(chunk -> seen.add(chunk.choices.get(0).delta.content)));
        stream.push(content("two"));

        assertEquals(List.of("one ", "two"), seen);
        stream.poll();
        assertFalse(stream.observe(chunk -> seen.add("late")), "the caller has taken a chunk it would miss");
        stream.push(content("three"));
        assertEquals(List.of("one ", "two", "three"), seen);
    }
}
