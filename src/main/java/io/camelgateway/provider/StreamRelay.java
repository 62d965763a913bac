package io.camelgateway.provider;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.GatewayException;
import io.camelgateway.credentials.Credential;

/**
 * Carries a provider's SSE body into a {@link ChatStream} as it arrives: bytes to events (one shared parser),
 * events to canonical chunks (the provider's translator). {@link #firstChunk} completes when the first chunk that
 * carries part of the answer is ready, or fails when the stream breaks before it, so the caller can still get a
 * plain HTTP error then. Its methods are called by one thread at a time (the connection's event loop). An event
 * over the size limit ends the stream (and the provider call) with {@code upstream_invalid_response}.
 */
final class StreamRelay {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRelay.class);

    private final Target target;
    private final StreamTranslator translator;
    private final ChatStream stream;
    private final Credential credential;
    private final StreamFraming parser;
    private final CompletableFuture<ChatStream> firstChunk = new CompletableFuture<>();
    private boolean broken;
    private Runnable whenDone = () -> { };

    private final int maxEventBytes;

    StreamRelay(Target target, ProviderTranslator format, StreamTranslator translator, ChatStream stream,
                Credential credential, int maxEventBytes) {
        this.target = target;
        this.translator = translator;
        this.stream = stream;
        this.credential = credential;
        this.maxEventBytes = maxEventBytes;
        this.parser = format.streamFraming(this::onEvent, maxEventBytes);
    }

    CompletableFuture<ChatStream> firstChunk() {
        return firstChunk;
    }

    /** Runs once the stream has ended, either way. */
    void whenDone(Runnable action) {
        this.whenDone = action;
    }

    void onBytes(ByteBuffer bytes) {
        if (broken) {
            return;
        }
        try {
            parser.feed(bytes);
        } catch (SseParser.EventTooLargeException e) {
            eventTooLarge();
        } catch (StreamFraming.InvalidFrameException e) {
            invalidFrame(e);
        }
    }

    private void eventTooLarge() {
        LOG.warn("Provider {} sent a stream event over {} bytes (gateway.upstream.max-event-bytes); the stream "
                + "ends with upstream_invalid_response and its connection is closed", target.providerName(),
                maxEventBytes);
        fail(UpstreamFailures.eventTooLarge(target, maxEventBytes));
        stream.cancel();
    }

    private void invalidFrame(StreamFraming.InvalidFrameException e) {
        fail(new GatewayException(502, "server_error", "upstream_invalid_response", null, "Provider '"
                + target.providerName() + "' sent a stream the gateway cannot read: " + e.getMessage() + ".", null,
                e));
        stream.cancel();
    }

    void onEnd() {
        if (broken) {
            return;
        }
        try {
            parser.finish();
        } catch (SseParser.EventTooLargeException e) {
            eventTooLarge();
            return;
        } catch (StreamFraming.InvalidFrameException e) {
            invalidFrame(e);
            return;
        }
        if (broken) {
            return;
        }
        if (translator.finished()) {
            stream.complete();
            firstChunk.complete(stream);
            whenDone.run();
        } else {
            fail(UpstreamFailures.streamCut(target));
        }
    }

    void onError(Throwable failure) {
        if (!broken) {
            fail(UpstreamFailures.fromThrowable(target, failure));
        }
    }

    /** The provider answered with an error status instead of a stream. */
    void failBeforeFirstChunk(GatewayException e) {
        fail(e);
    }

    private void onEvent(SseEvent event) {
        if (broken) {
            return;
        }
        List<ChatCompletionChunk> chunks;
        try {
            chunks = translator.translate(event);
        } catch (GatewayException e) {
            fail(e);
            stream.cancel();
            return;
        } catch (RuntimeException e) {
            fail(UpstreamFailures.invalidBody(target, e));
            stream.cancel();
            return;
        }
        boolean answers = false;
        for (ChatCompletionChunk chunk : chunks) {
            stream.push(chunk);
            answers |= carriesAnswer(chunk);
        }
        if (answers) {
            firstChunk.complete(stream);
        }
    }

    /**
     * Whether a chunk carries part of the answer. The opening chunk with only the role (what OpenAI sends first,
     * and Anthropic's message_start) does not: it waits in the stream, so that a provider failing before its
     * first token can still be replaced, and the first-byte limit measures time to the first token.
     */
    static boolean carriesAnswer(ChatCompletionChunk chunk) {
        if (chunk.choices == null || chunk.choices.isEmpty()) {
            return chunk.usage != null;
        }
        for (ChatCompletionChunk.Choice choice : chunk.choices) {
            ChatCompletionChunk.Delta d = choice.delta;
            if (choice.finishReason != null || d != null && ((d.content != null && !d.content.isEmpty())
                    || d.toolCalls != null || d.refusal != null)) {
                return true;
            }
        }
        return false;
    }

    private void fail(GatewayException failure) {
        broken = true;
        whenDone.run();
        GatewayException e = UpstreamFailures.scrub(failure, credential);
        // Before the first chunk this fails the call (an HTTP error); after it, the stream ends with an error event.
        if (!firstChunk.completeExceptionally(e)) {
            stream.fail(e);
        }
    }
}
