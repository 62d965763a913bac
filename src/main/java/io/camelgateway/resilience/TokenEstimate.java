package io.camelgateway.resilience;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.EmbeddingResponse;

/**
 * A cheap guess of a request's tokens for a tokens-per-minute limit, made before it is sent: the prompt's
 * characters / 4 (about right for English with OpenAI's encodings) plus the output limit the caller asked for.
 * The answer's real usage corrects it when the call ends.
 */
public final class TokenEstimate {
    private static final int CHARACTERS_PER_TOKEN = 4;

    private TokenEstimate() {
    }

    /** Real usage, from an answer, in the same terms; -1 when the answer carries none. */
    public static long used(Object answer) {
        if (answer instanceof ChatCompletion completion && completion.usage != null) {
            return completion.usage.totalTokens;
        }
        if (answer instanceof ChatStream stream && stream.usage() != null) {
            return stream.usage().totalTokens;
        }
        if (answer instanceof EmbeddingResponse embeddings && embeddings.usage != null) {
            return embeddings.usage.totalTokens;
        }
        return -1;
    }

    public static long of(Object body) {
        long characters = 0;
        long output = 0;
        if (body instanceof ChatRequest chat) {
            if (chat.messages != null) {
                for (ChatMessage m : chat.messages) {
                    String text = m.text();
                    characters += text == null ? 0 : text.length();
                }
            }
            Integer limit = chat.outputTokenLimit();
            output = limit == null ? 0 : Math.max(0, limit);
        } else if (body instanceof EmbeddingRequest embedding) {
            if (embedding.texts() != null) {
                for (String text : embedding.texts()) {
                    characters += text.length();
                }
            } else {
                return embedding.input.size() * 8L; // token arrays: a rough count, corrected by the answer
            }
        }
        return (characters + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN + output;
    }
}
