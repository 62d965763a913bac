package io.camelgateway.http;

import io.netty.buffer.ByteBuf;

import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.GatewayException;

/**
 * How one streamed answer's canonical chunks are written as server-sent events for the API the caller spoke: OpenAI's
 * chunk events (the default) or Anthropic's Messages events. An instance serves one stream and may keep its state;
 * a route names it with the exchange property {@link io.camelgateway.GatewayConstants#SSE_ENCODER}.
 */
public interface SseEncoder {

    /** Writes the events for one chunk (possibly none). */
    void chunk(ByteBuf out, ChatCompletionChunk chunk);

    /** Writes the stream's last events: its normal end when error is null, else the error (status is sent). */
    void end(ByteBuf out, GatewayException error);
}
