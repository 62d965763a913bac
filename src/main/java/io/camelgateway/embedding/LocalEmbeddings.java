package io.camelgateway.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.EmbeddingResponse;
import io.camelgateway.api.GatewayException;

/**
 * Route step: answers embeddings requests for local/all-minilm-l6-v2 with the in-process model, offline. The
 * model loads on first use. It runs on the CPU, so the route puts a threads: step before this one.
 */
public class LocalEmbeddings implements Processor {
    public static final String MODEL_ID = "local/" + SentenceEmbedder.MODEL_NAME;
    private static final int DIMENSIONS = 384;

    private final Supplier<SentenceEmbedder> embedder;

    public LocalEmbeddings(Supplier<SentenceEmbedder> embedder) {
        this.embedder = embedder;
    }

    /** Predicate for the route's choice: does this request name the local model? */
    public boolean serves(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        return body instanceof EmbeddingRequest request && MODEL_ID.equals(request.model);
    }

    @Override
    public void process(Exchange exchange) {
        EmbeddingRequest request = exchange.getMessage().getBody(EmbeddingRequest.class);
        List<String> texts = request.texts();
        if (texts == null) {
            throw GatewayException.invalidRequest("input", MODEL_ID + " takes text inputs, not token arrays.");
        }
        if (request.dimensions != null && request.dimensions != DIMENSIONS) {
            throw GatewayException.invalidRequest("dimensions", MODEL_ID + " gives " + DIMENSIONS
                    + " dimensions only.");
        }
        SentenceEmbedder model = embedder.get();
        List<float[]> vectors = new ArrayList<>(texts.size());
        int tokens = 0;
        for (String text : texts) { // tokenised once: the ids are both counted and embedded
            long[] ids = model.tokenIds(text);
            tokens += ids.length;
            vectors.add(model.embedTokens(ids));
        }
        exchange.getMessage().setBody(EmbeddingResponse.of(MODEL_ID, vectors, request.wantsBase64(), tokens));
        exchange.getMessage().setHeader(GatewayConstants.HEADER_PROVIDER, "local");
        exchange.getMessage().setHeader(GatewayConstants.HEADER_MODEL, SentenceEmbedder.MODEL_NAME);
    }
}
