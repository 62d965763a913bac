package io.camelgateway.provider.bedrock;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.Json;
import io.camelgateway.api.ToolCall;
import io.camelgateway.provider.InvalidAnswerException;
import io.camelgateway.provider.ProviderTranslator;
import io.camelgateway.provider.SseEvent;
import io.camelgateway.provider.StreamFraming;
import io.camelgateway.provider.StreamTranslator;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamCall;
import io.camelgateway.provider.UpstreamError;
import io.camelgateway.provider.UpstreamPath;

/**
 * Amazon Bedrock's Converse API: {@code POST /model/{modelId}/converse}, or {@code /converse-stream} whose answer
 * is AWS's binary event stream. Requests are signed with SigV4 ({@link SigV4Authorizer}), not given a key header.
 */
public final class BedrockTranslator implements ProviderTranslator {

    @Override
    public UpstreamCall chatCall(ChatRequest request, Target target) {
        String action = request.streaming() ? "/converse-stream" : "/converse";
        URI uri = URI.create(target.provider().base() + "/model/"
                + UpstreamPath.opaqueSegment(target.upstreamModel(), target.providerName()) + action);
        Map<String, String> headers = request.streaming() ? Map.of("Accept", "application/vnd.amazon.eventstream")
                : Map.of("Accept", "application/json");
        return new UpstreamCall(uri, Json.write(BedrockRequest.body(request)), headers);
    }

    @Override
    public ChatCompletion chatResponse(byte[] body, Target target) throws IOException {
        JsonNode response = Json.tree(body);
        JsonNode content = response == null ? null : response.path("output").path("message").get("content");
        if (content == null || !content.isArray()) {
            throw new InvalidAnswerException("no output message.");
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : content) {
            if (block.hasNonNull("text")) {
                text.append(block.get("text").asText());
            } else if (block.has("toolUse")) {
                JsonNode use = block.get("toolUse");
                calls.add(ToolCall.of(use.path("toolUseId").asText(), use.path("name").asText(),
                        Json.writeString(use.path("input").isMissingNode() ? Json.object() : use.get("input"))));
            }
        }
        ChatMessage message = new ChatMessage("assistant", text.isEmpty() && !calls.isEmpty() ? null
                : text.toString());
        if (!calls.isEmpty()) {
            message.toolCalls = calls;
        }
        ChatCompletion completion = new ChatCompletion();
        completion.id = BedrockAnswer.newId();
        completion.created = Instant.now().getEpochSecond();
        completion.model = target.upstreamModel();
        completion.choices = List.of(new ChatCompletion.Choice(0, message,
                BedrockAnswer.finishReason(response.path("stopReason").asText(null))));
        completion.usage = BedrockAnswer.usage(response.get("usage"));
        return completion;
    }

    @Override
    public StreamTranslator streamTranslator(ChatRequest request, Target target) {
        return new BedrockStreamTranslator(target);
    }

    @Override
    public StreamFraming streamFraming(Consumer<SseEvent> events, int maxEventBytes) {
        return new AwsEventStreamFraming(events, maxEventBytes);
    }

    /** Bedrock takes no key header: {@link SigV4Authorizer} signs the whole request instead. */
    @Override
    public void authenticate(Map<String, String> headers, String secret) {
        throw new UnsupportedOperationException("Bedrock requests are signed with SigV4, not given a key header");
    }

    @Override
    public UpstreamError error(int status, byte[] body) {
        return BedrockErrors.read(status, body);
    }
}
