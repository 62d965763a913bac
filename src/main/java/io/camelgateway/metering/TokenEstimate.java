package io.camelgateway.metering;

import java.util.List;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

import io.camelgateway.Lazy;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.Usage;

/**
 * Counts tokens with OpenAI's encodings (jtokkit) where a provider reported none: a server that ignores
 * stream_options, a stream cut off before its usage. cl100k_base for the older GPT-4 and GPT-3.5 models,
 * o200k_base for everything else (GPT-4o and later; other providers' tokenizers differ, so it is an estimate).
 */
public final class TokenEstimate {
    // OpenAI's documented framing: each message costs 3 tokens beyond its text, the reply is primed with 3.
    private static final int PER_MESSAGE = 3;
    private static final int REPLY_PRIMING = 3;
    private static final Lazy<EncodingRegistry> REGISTRY = new Lazy<>(Encodings::newLazyEncodingRegistry);

    private TokenEstimate() {
    }

    /**
     * The usage of a chat answer the provider did not count.
     *
     * @param answerSample the answer's text, or its first part when it was longer than was kept
     * @param answerChars  the whole answer's length in chars: a longer answer than its sample is counted at the
     *                     sample's tokens per char
     */
    public static Usage chat(ChatRequest request, String answerSample, long answerChars) {
        Encoding encoding = encodingFor(request.model);
        int prompt = REPLY_PRIMING;
        List<ChatMessage> messages = request.messages == null ? List.of() : request.messages;
        for (ChatMessage message : messages) {
            prompt += PER_MESSAGE + encoding.countTokens(message.text());
        }
        int sampleTokens = answerSample.isEmpty() ? 0 : encoding.countTokens(answerSample);
        long completion = answerChars <= answerSample.length() || answerSample.isEmpty() ? sampleTokens
                : Math.round((double) sampleTokens * answerChars / answerSample.length());
        return new Usage(prompt, (int) Math.min(Integer.MAX_VALUE, completion));
    }

    /** The tokens of a text in the model's encoding (OpenAI's; an estimate for other providers' models). */
    public static int text(String model, String text) {
        return text == null || text.isEmpty() ? 0 : encodingFor(model).countTokens(text);
    }

    /** The input tokens of an embeddings request the provider did not count (0 for token arrays). */
    public static int embeddings(EmbeddingRequest request) {
        List<String> texts = request.texts();
        if (texts == null) {
            return 0;
        }
        Encoding encoding = encodingFor(request.model);
        return texts.stream().mapToInt(encoding::countTokens).sum();
    }

    static Encoding encodingFor(String model) {
        String name = model == null ? "" : model.substring(model.indexOf('/') + 1);
        boolean older = name.startsWith("gpt-3.5") || name.startsWith("gpt-4") && !name.startsWith("gpt-4o")
                && !name.startsWith("gpt-4.") || name.startsWith("text-embedding");
        return REGISTRY.get().getEncoding(older ? EncodingType.CL100K_BASE : EncodingType.O200K_BASE);
    }
}
