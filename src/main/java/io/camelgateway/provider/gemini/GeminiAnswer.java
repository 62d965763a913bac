package io.camelgateway.provider.gemini;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.Usage;
import io.camelgateway.provider.InvalidAnswerException;
import io.camelgateway.provider.Target;

/** Reads the parts of a GenerateContentResponse that a full answer and a stream event share. */
final class GeminiAnswer {

    private GeminiAnswer() {
    }

    /**
     * The response, refused when it holds nothing to answer with: an error object, or neither candidates nor a
     * refused prompt (an empty body, say).
     */
    static JsonNode validated(JsonNode response) throws InvalidAnswerException {
        if (response == null || !response.isObject()) {
            throw new InvalidAnswerException("the body is not a JSON object.");
        }
        if (response.hasNonNull("error")) {
            throw new InvalidAnswerException("an error object instead.");
        }
        if (!response.path("candidates").isArray() || response.path("candidates").isEmpty()) {
            if (!promptBlocked(response)) {
                throw new InvalidAnswerException("no candidates.");
            }
        }
        return response;
    }

    static String id(JsonNode response) {
        String responseId = response.path("responseId").asText("");
        return "chatcmpl-" + (responseId.isEmpty() ? UUID.randomUUID().toString().replace("-", "") : responseId);
    }

    static String model(JsonNode response, Target target) {
        String version = response.path("modelVersion").asText("");
        return version.isEmpty() ? target.upstreamModel() : version;
    }

    static List<GeminiCandidate> candidates(JsonNode response) {
        List<GeminiCandidate> candidates = new ArrayList<>();
        JsonNode list = response.path("candidates");
        for (int i = 0; i < list.size(); i++) {
            candidates.add(GeminiCandidate.read(list.get(i), i));
        }
        return candidates;
    }

    /** True when Gemini refused the prompt itself, so there are no candidates to read. */
    static boolean promptBlocked(JsonNode response) {
        return response.path("promptFeedback").hasNonNull("blockReason");
    }

    /** The usage, or null when the response carries none. Thinking tokens are billed as output, so they count. */
    static Usage usage(JsonNode response) {
        JsonNode meta = response.path("usageMetadata");
        if (!meta.isObject()) {
            return null;
        }
        int prompt = meta.path("promptTokenCount").asInt();
        int completion = meta.path("candidatesTokenCount").asInt() + meta.path("thoughtsTokenCount").asInt();
        Usage usage = new Usage(prompt, completion).withCache(meta.path("cachedContentTokenCount").asInt(), 0)
                .withReasoning(meta.path("thoughtsTokenCount").asInt());
        if (meta.has("totalTokenCount")) {
            usage.totalTokens = meta.get("totalTokenCount").asInt();
        }
        return usage;
    }
}
