package io.camelgateway.provider.vertex;

import java.net.URI;
import java.util.Map;

import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamCall;
import io.camelgateway.provider.UpstreamPath;
import io.camelgateway.provider.gemini.GeminiTranslator;

/**
 * Gemini on Vertex AI: the Gemini API's bodies, answers and stream, at
 * {@code /v1/projects/{project}/locations/{location}/publishers/google/models/{model}:method}, authorized with an
 * OAuth access token ({@link VertexAccessTokens}) instead of an API key.
 */
public final class VertexTranslator extends GeminiTranslator {

    @Override
    protected URI modelUri(Target target, String method) {
        String model = target.upstreamModel();
        if (model != null && model.startsWith("models/")) {
            model = model.substring("models/".length());
        }
        return URI.create(target.provider().base() + "/v1/projects/"
                + UpstreamPath.segment(target.provider().project(), target.providerName()) + "/locations/"
                + UpstreamPath.segment(target.provider().region(), target.providerName())
                + "/publishers/google/models/" + UpstreamPath.segment(model, target.providerName()) + method);
    }

    /** Vertex takes no API key: {@link VertexAccessTokens} adds a bearer token instead. */
    @Override
    public void authenticate(Map<String, String> headers, String secret) {
        throw new UnsupportedOperationException("Vertex AI calls carry an OAuth access token, not an API key");
    }

    /** Vertex's embedding models answer :predict in another shape; not translated yet. */
    @Override
    public UpstreamCall embeddingsCall(EmbeddingRequest request, Target target) {
        throw new GatewayException(400, "invalid_request_error", "embeddings_not_supported", "model",
                "The provider '" + target.providerName() + "' (Vertex AI) is not used for embeddings by the gateway.",
                null, null);
    }
}
