package io.camelgateway.provider;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.EmbeddingResponse;
import io.camelgateway.api.GatewayException;

/**
 * Translation between the canonical (OpenAI) model and one provider wire format. It does no I/O:
 * {@link ProviderClient} makes the calls, so every provider shares one HTTP path.
 */
public interface ProviderTranslator {

    /** The call for a chat request, streamed or not as {@code request.streaming()} says. */
    UpstreamCall chatCall(ChatRequest request, Target target);

    ChatCompletion chatResponse(byte[] body, Target target) throws IOException;

    /**
     * A plain answer for a caller who speaks OpenAI's chat format: a {@link io.camelgateway.api.ChatCompletionAsSent} when this format
     * is OpenAI's too, so that it goes on as it was sent; otherwise the translated {@link ChatCompletion}.
     */
    default Object chatResponseForOpenAiCaller(byte[] body, Target target) throws IOException {
        return chatResponse(body, target);
    }

    StreamTranslator streamTranslator(ChatRequest request, Target target);

    /** How this format frames a streamed answer's events; server-sent events unless it says otherwise. */
    default StreamFraming streamFraming(Consumer<SseEvent> events, int maxEventBytes) {
        return new SseParser(events, maxEventBytes);
    }

    /** Adds the provider credential to an outgoing call. */
    void authenticate(Map<String, String> headers, String secret);

    /** Reads a provider's error body; it must cope with bodies that are empty or not JSON. */
    UpstreamError error(int status, byte[] body);

    default UpstreamCall embeddingsCall(EmbeddingRequest request, Target target) {
        throw new GatewayException(400, "invalid_request_error", "embeddings_not_supported", "model",
                "The provider '" + target.providerName() + "' does not offer embeddings.", null, null);
    }

    default EmbeddingResponse embeddingsResponse(byte[] body, EmbeddingRequest request, Target target)
            throws IOException {
        throw new UnsupportedOperationException("embeddings");
    }
}
