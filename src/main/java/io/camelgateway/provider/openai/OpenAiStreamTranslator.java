package io.camelgateway.provider.openai;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.provider.SseEvent;
import io.camelgateway.provider.StreamTranslator;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamFailures;

/** Reads OpenAI's chunk events as they are; "[DONE]" ends the answer, an {"error":...} event breaks it. */
final class OpenAiStreamTranslator implements StreamTranslator {
    private final Target target;
    private boolean finished;
    private boolean answered;

    OpenAiStreamTranslator(Target target) {
        this.target = target;
    }

    @Override
    public List<ChatCompletionChunk> translate(SseEvent event) {
        if ("[DONE]".equals(event.data())) {
            if (!answered) {
                throw UpstreamFailures.invalidStream(target, "ended its stream without an answer (no choices).", null);
            }
            finished = true;
            return List.of();
        }
        JsonNode tree;
        try {
            tree = Json.tree(event.data());
        } catch (IOException e) {
            throw invalid(e);
        }
        if (tree.has("error")) {
            JsonNode error = tree.get("error");
            String message = error.isTextual() ? error.asText() : error.path("message").asText("no message");
            throw new GatewayException(502, "server_error", "upstream_error",
                    "Provider '" + target.providerName() + "' broke off the stream: " + message);
        }
        answered |= tree.path("choices").isArray() && !tree.path("choices").isEmpty();
        try {
            return List.of(Json.MAPPER.treeToValue(tree, ChatCompletionChunk.class));
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    @Override
    public boolean finished() {
        return finished;
    }

    private GatewayException invalid(IOException e) {
        return UpstreamFailures.invalidStream(target, "sent a stream event that is not valid JSON.", e);
    }
}
