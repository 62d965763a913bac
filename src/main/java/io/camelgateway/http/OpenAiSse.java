package io.camelgateway.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;

import io.camelgateway.api.ApiError;
import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;

/** OpenAI's stream: each chunk as a data event, then "[DONE]", or the error object as the last event. */
final class OpenAiSse implements SseEncoder {
    static final OpenAiSse INSTANCE = new OpenAiSse();
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void chunk(ByteBuf out, ChatCompletionChunk chunk) {
        writeEvent(out, chunk);
    }

    @Override
    public void end(ByteBuf out, GatewayException error) {
        if (error == null) {
            out.writeBytes(DONE);
        } else {
            // After the first byte there is no status to change: the error travels as the last event, as OpenAI does.
            writeEvent(out, ApiError.of(error));
        }
    }

    private static void writeEvent(ByteBuf out, Object event) {
        out.writeBytes(DATA);
        try {
            Json.MAPPER.writeValue((OutputStream) new ByteBufOutputStream(out), event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.writeBytes(END_OF_EVENT);
    }
}
