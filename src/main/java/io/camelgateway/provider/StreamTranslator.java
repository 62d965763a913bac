package io.camelgateway.provider;

import java.util.List;

import io.camelgateway.api.ChatCompletionChunk;

/**
 * Turns one provider's streamed events into canonical chunks. One instance serves one stream and keeps its state.
 * The last chunk it yields carries the usage, with no choices, whether or not the caller asked for usage.
 */
public interface StreamTranslator {

    /**
     * Translates one event; most yield one chunk, some none.
     *
     * @throws io.camelgateway.api.GatewayException when the provider reports an error inside the stream
     */
    List<ChatCompletionChunk> translate(SseEvent event);

    /** True once the provider has signalled the end of the answer; a stream that closes before this was cut. */
    boolean finished();
}
