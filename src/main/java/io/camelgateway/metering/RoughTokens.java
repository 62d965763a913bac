package io.camelgateway.metering;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatCompletionAsSent;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.EmbeddingResponse;

/**
 * A cheap guess of a request's tokens, made before it is sent, for tokens-per-minute limits and budget reservations:
 * the prompt's characters / 4 (about right for English with OpenAI's encodings) plus the output limit the caller
 * asked for. The answer's real usage corrects it when the call ends. ({@link TokenEstimate} counts an answer's
 * tokens exactly, when a provider reported none.)
 */
public final class RoughTokens {
    private static final int CHARACTERS_PER_TOKEN = 4;

    private RoughTokens() {
    }

    /** Real usage, from an answer, in the same terms; -1 when the answer carries none. */
    public static long used(Object answer) {
        if (answer instanceof ChatCompletion completion && completion.usage != null) {
            return completion.usage.totalTokens;
        }
        if (answer instanceof ChatCompletionAsSent asSent && asSent.usage() != null) {
            return asSent.usage().totalTokens;
        }
        if (answer instanceof ChatStream stream && stream.usage() != null) {
            return stream.usage().totalTokens;
        }
        if (answer instanceof EmbeddingResponse embeddings && embeddings.usage != null) {
            return embeddings.usage.totalTokens;
        }
        return -1;
    }

    /** The prompt and the output limit the caller asked for (0 when none). */
    public static long of(Object body) {
        if (body instanceof ChatRequest chat) {
            Integer limit = chat.outputTokenLimit();
            return prompt(chat) + (limit == null ? 0 : Math.max(0, limit));
        }
        return body instanceof EmbeddingRequest embedding ? prompt(embedding) : 0;
    }

    /** A chat request's prompt: its messages' text. */
    public static long prompt(ChatRequest chat) {
        long characters = 0;
        if (chat.messages != null) {
            for (ChatMessage m : chat.messages) {
                String text = m.text();
                characters += text == null ? 0 : text.length();
            }
        }
        return tokens(characters);
    }

    /** An embeddings request's input. */
    public static long prompt(EmbeddingRequest embedding) {
        if (embedding.texts() == null) {
            return embedding.input == null ? 0 : embedding.input.size() * 8L; // token arrays: corrected by the answer
        }
        long characters = 0;
        for (String text : embedding.texts()) {
            characters += text.length();
        }
        return tokens(characters);
    }

    static long tokens(long characters) {
        return (characters + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN;
    }
}
