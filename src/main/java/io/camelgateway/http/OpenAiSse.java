package io.camelgateway.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

import io.camelgateway.api.ApiError;
import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.GatewayException;

/** OpenAI's stream: each chunk as a data event, then "[DONE]", or the error object as the last event. */
final class OpenAiSse implements SseEncoder {
    static final OpenAiSse INSTANCE = new OpenAiSse();
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void chunk(ByteBuf out, ChatCompletionChunk chunk) {
        SseEvents.data(out, chunk);
    }

    @Override
    public void end(ByteBuf out, GatewayException error) {
        if (error == null) {
            out.writeBytes(DONE);
        } else {
            // After the first byte there is no status to change: the error travels as the last event, as OpenAI does.
            SseEvents.data(out, ApiError.of(error));
        }
    }

}
