package io.camelgateway.http;

import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.GatewayException;

/**
 * How one caller's stream of canonical chunks is written as server-sent events: OpenAI chat's {@code data:} lines
 * unless the ingress route chose another (exchange property {@link io.camelgateway.GatewayConstants#SSE_DIALECT}).
 * An instance serves one stream, so it may keep state between chunks; it is called on one thread at a time.
 */
public interface SseDialect {

    /** Writes the events this chunk becomes (none, one or several). */
    void chunk(ChatCompletionChunk chunk, Events out);

    /** Writes the stream's last events: with null when the answer ended normally, else with the error it ended on. */
    void end(GatewayException error, Events out);

    /** Where a dialect writes its events. */
    interface Events {
        /** One event: {@code event: name} (left out when name is null), then {@code data:} the value as JSON. */
        void event(String name, Object data);

        /** One event whose data is this literal text, such as {@code [DONE]}. */
        void literal(String data);
    }

    /** OpenAI chat's own: each chunk as it is, then {@code [DONE]}, or the error object after a failure. */
    SseDialect OPENAI_CHAT = new SseDialect() {
        @Override
        public void chunk(ChatCompletionChunk chunk, Events out) {
            out.event(null, chunk);
        }

        @Override
        public void end(GatewayException error, Events out) {
            if (error == null) {
                out.literal("[DONE]");
            } else {
                // After the first byte there is no status to change: the error travels as the last event, as OpenAI does.
                out.event(null, io.camelgateway.api.ApiError.of(error));
            }
        }
    };
}
