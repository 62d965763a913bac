package io.camelgateway.provider.gemini;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.EmbeddingResponse;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.provider.InvalidAnswerException;
import io.camelgateway.provider.ProviderTranslator;
import io.camelgateway.provider.StreamTranslator;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamCall;
import io.camelgateway.provider.UpstreamError;
import io.camelgateway.provider.UpstreamPath;

/** Google's Gemini API (generativelanguage.googleapis.com, v1beta); Vertex AI serves the same at other URLs. */
public class GeminiTranslator implements ProviderTranslator {

    static final String API_KEY_HEADER = "x-goog-api-key";

    @Override
    public UpstreamCall chatCall(ChatRequest request, Target target) {
        String method = request.streaming() ? ":streamGenerateContent?alt=sse" : ":generateContent";
        return new UpstreamCall(modelUri(target, method), Json.write(GeminiRequest.body(request)));
    }

    @Override
    public ChatCompletion chatResponse(byte[] body, Target target) throws IOException {
        JsonNode response = GeminiAnswer.validated(Json.tree(body));
        ChatCompletion completion = new ChatCompletion();
        completion.id = GeminiAnswer.id(response);
        completion.created = Instant.now().getEpochSecond();
        completion.model = GeminiAnswer.model(response, target);
        completion.choices = new ArrayList<>();
        for (GeminiCandidate candidate : GeminiAnswer.candidates(response)) {
            completion.choices.add(choice(candidate));
        }
        if (completion.choices.isEmpty()) {
            String reason = GeminiAnswer.promptBlocked(response) ? "content_filter" : "stop";
            completion.choices.add(new ChatCompletion.Choice(0, new ChatMessage("assistant", ""), reason));
        }
        completion.usage = GeminiAnswer.usage(response);
        return completion;
    }

    private static ChatCompletion.Choice choice(GeminiCandidate candidate) {
        boolean calls = !candidate.toolCalls().isEmpty();
        String text = candidate.text().isEmpty() && calls ? null : candidate.text();
        ChatMessage message = new ChatMessage("assistant", text);
        if (calls) {
            message.toolCalls = candidate.toolCalls();
        }
        if (!candidate.reasoning().isEmpty()) {
            message.reasoningContent = candidate.reasoning();
        }
        if (!candidate.thinking().isEmpty()) {
            message.thinkingBlocks = candidate.thinking();
        }
        String reason = GeminiCandidate.openAiFinishReason(candidate.finishReason(), calls);
        return new ChatCompletion.Choice(candidate.index(), message, reason);
    }

    @Override
    public StreamTranslator streamTranslator(ChatRequest request, Target target) {
        return new GeminiStreamTranslator(target);
    }

    @Override
    public void authenticate(Map<String, String> headers, String secret) {
        headers.put(API_KEY_HEADER, secret);
    }

    @Override
    public UpstreamError error(int status, byte[] body) {
        return GeminiErrors.read(status, body);
    }

    @Override
    public UpstreamCall embeddingsCall(EmbeddingRequest request, Target target) {
        List<String> texts = request.texts();
        if (texts == null) {
            throw GatewayException.invalidRequest("input", "The provider '" + target.providerName()
                    + "' serves Gemini, which takes text inputs only, not token arrays.");
        }
        if (texts.isEmpty()) {
            throw GatewayException.invalidRequest("input", "The input must hold at least one text.");
        }
        ObjectNode body = Json.object();
        ArrayNode requests = body.putArray("requests");
        for (String text : texts) {
            ObjectNode one = requests.addObject().put("model", "models/" + modelName(target));
            one.putObject("content").putArray("parts").addObject().put("text", text);
            if (request.dimensions != null) {
                one.put("outputDimensionality", request.dimensions);
            }
        }
        return new UpstreamCall(modelUri(target, ":batchEmbedContents"), Json.write(body));
    }

    @Override
    public EmbeddingResponse embeddingsResponse(byte[] body, EmbeddingRequest request, Target target)
            throws IOException {
        JsonNode embeddings = Json.tree(body).path("embeddings");
        if (!embeddings.isArray() || embeddings.isEmpty()) {
            throw new InvalidAnswerException("no embeddings.");
        }
        List<float[]> vectors = new ArrayList<>();
        for (JsonNode embedding : embeddings) {
            JsonNode values = embedding.path("values");
            float[] vector = new float[values.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) values.get(i).asDouble();
            }
            vectors.add(vector);
        }
        return EmbeddingResponse.of(target.requestedModel(), vectors, request.wantsBase64(),
                estimatedTokens(request.texts()));
    }

    /** batchEmbedContents reports no token count, so usage is estimated at about four characters a token. */
    private static int estimatedTokens(List<String> texts) {
        long characters = texts == null ? 0 : texts.stream().mapToLong(String::length).sum();
        return (int) ((characters + 3) / 4);
    }

    /** Where a batch of the target model's generateContent requests is made (Gemini's batch mode). */
    public URI batchGenerateContentUri(Target target) {
        return modelUri(target, ":batchGenerateContent");
    }

    /** Where a model's method is called, such as ":generateContent". */
    protected URI modelUri(Target target, String method) {
        return URI.create(target.provider().base() + "/v1beta/models/"
                + UpstreamPath.segment(modelName(target), target.providerName()) + method);
    }

    /** Gemini names models "models/x"; configurations may give either form. */
    private static String modelName(Target target) {
        String model = target.upstreamModel();
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }
}
