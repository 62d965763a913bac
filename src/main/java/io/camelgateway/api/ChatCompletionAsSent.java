package io.camelgateway.api;

import java.io.IOException;
import java.util.function.Function;

/**
 * A plain chat answer in OpenAI's format, as the provider sent it, for a caller who speaks that format too: its
 * bytes go to the caller unchanged, metering takes the usage read from them, and a step that needs the answer
 * itself (a guardrail, a cache, a fan-out) reads it with {@link #parsed()}.
 */
public final class ChatCompletionAsSent {
    private final byte[] json;
    private final Usage usage;
    private final Function<IOException, GatewayException> unreadable;
    private ChatCompletion parsed;

    /**
     * @param json       the provider's body, already checked to be a chat completion with choices
     * @param usage      its usage, or null when it has none
     * @param unreadable what a step that reads the whole answer gets when it cannot be read after all
     */
    public ChatCompletionAsSent(byte[] json, Usage usage, Function<IOException, GatewayException> unreadable) {
        this.json = json;
        this.usage = usage;
        this.unreadable = unreadable;
    }

    public byte[] json() {
        return json;
    }

    public Usage usage() {
        return usage;
    }

    /** The answer read whole, once: the same object the provider's translator would have made of it. */
    public synchronized ChatCompletion parsed() {
        if (parsed == null) {
            try {
                parsed = Json.read(json, ChatCompletion.class);
            } catch (IOException e) {
                throw unreadable.apply(e);
            }
        }
        return parsed;
    }
}
