package io.camelgateway.provider.openai;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatCompletionAsSent;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.EmbeddingResponse;
import io.camelgateway.api.Json;
import io.camelgateway.provider.InvalidAnswerException;
import io.camelgateway.provider.ProviderTranslator;
import io.camelgateway.provider.StreamTranslator;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamCall;
import io.camelgateway.provider.UpstreamError;

/**
 * OpenAI's own wire format, which is also the canonical one: translation is only the model name and asking for
 * usage in streams. Serves OpenAI and any OpenAI-compatible server (Ollama, vLLM, Groq, Mistral, OpenRouter).
 */
public class OpenAiTranslator implements ProviderTranslator {

    @Override
    public UpstreamCall chatCall(ChatRequest request, Target target) {
        ChatRequest upstream = OpenAiRequest.withoutExtensions(request);
        upstream.model = target.upstreamModel();
        if (request.streaming()) {
            // Always ask for usage so the gateway can meter streams; the caller sees it only if it asked too.
            upstream.streamOptions = new ChatRequest.StreamOptions(true);
        }
        return new UpstreamCall(chatUri(target), Json.write(upstream));
    }

    protected URI chatUri(Target target) {
        return URI.create(target.provider().base() + "/chat/completions");
    }

    protected URI embeddingsUri(Target target) {
        return URI.create(target.provider().base() + "/embeddings");
    }

    @Override
    public ChatCompletion chatResponse(byte[] body, Target target) throws IOException {
        // Read straight into the answer, not through a tree first: the tree was a third of this method's time.
        ChatCompletion answer;
        try {
            answer = Json.MAPPER.readValue(body, ChatCompletion.class);
        } catch (JsonProcessingException e) {
            throw new InvalidAnswerException("the body is not a JSON object of a chat completion.");
        }
        if (answer == null) {
            throw new InvalidAnswerException("the body is not a JSON object.");
        }
        if (answer.choices == null || answer.choices.isEmpty()) {
            throw new InvalidAnswerException(Json.tree(body).hasNonNull("error") ? "an error object instead."
                    : "no choices.");
        }
        for (ChatCompletion.Choice choice : answer.choices) {
            if (choice == null || choice.message == null) {
                throw new InvalidAnswerException("a choice without a message.");
            }
        }
        return answer;
    }

    /** Checked and its usage read, but not built: the caller gets the provider's bytes. */
    @Override
    public ChatCompletionAsSent chatResponseForOpenAiCaller(byte[] body, Target target) throws IOException {
        return OpenAiAnswerScan.scan(body, target);
    }

    /** The answer as a JSON object, refused when it is an error object (some servers send errors with 200). */
    private static JsonNode answerObject(byte[] body) throws IOException {
        JsonNode answer = Json.tree(body);
        if (answer == null || !answer.isObject()) {
            throw new InvalidAnswerException("the body is not a JSON object.");
        }
        if (answer.hasNonNull("error")) {
            throw new InvalidAnswerException("an error object instead.");
        }
        return answer;
    }

    @Override
    public StreamTranslator streamTranslator(ChatRequest request, Target target) {
        return new OpenAiStreamTranslator(target);
    }

    @Override
    public void authenticate(Map<String, String> headers, String secret) {
        headers.put("Authorization", "Bearer " + secret);
    }

    @Override
    public UpstreamError error(int status, byte[] body) {
        String message = null;
        String type = null;
        String code = null;
        try {
            JsonNode error = Json.tree(body).path("error");
            message = error.isTextual() ? error.asText() : error.path("message").textValue();
            type = error.path("type").textValue();
            code = error.path("code").textValue();
        } catch (IOException | RuntimeException notJson) {
            // Servers behind proxies send HTML or nothing; the status alone will have to do.
        }
        boolean rejected = status == 401 || status == 403 || "invalid_api_key".equals(code);
        return new UpstreamError(message, type, rejected);
    }

    @Override
    public UpstreamCall embeddingsCall(EmbeddingRequest request, Target target) {
        EmbeddingRequest upstream = request.copy();
        upstream.model = target.upstreamModel();
        return new UpstreamCall(embeddingsUri(target), Json.write(upstream));
    }

    @Override
    public EmbeddingResponse embeddingsResponse(byte[] body, EmbeddingRequest request, Target target)
            throws IOException {
        JsonNode answer = answerObject(body);
        if (!answer.path("data").isArray() || answer.path("data").isEmpty()) {
            throw new InvalidAnswerException("no embeddings.");
        }
        return Json.MAPPER.treeToValue(answer, EmbeddingResponse.class);
    }
}
