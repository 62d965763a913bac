package io.camelgateway.provider.anthropic;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.Json;
import io.camelgateway.api.MessageContent;
import io.camelgateway.api.ThinkingBlock;
import io.camelgateway.api.ToolCall;
import io.camelgateway.api.Usage;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.InvalidAnswerException;
import io.camelgateway.provider.ProviderTranslator;
import io.camelgateway.provider.StreamTranslator;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamCall;
import io.camelgateway.provider.UpstreamError;

/** Anthropic's Messages API (POST /v1/messages). */
public class AnthropicTranslator implements ProviderTranslator {

    static final String DEFAULT_API_VERSION = "2023-06-01";
    static final int FALLBACK_MAX_TOKENS = 4096;
    /** Anthropic's temperature range is 0 to 1, OpenAI's 0 to 2. */
    static final double MAX_TEMPERATURE = 1.0;

    @Override
    public UpstreamCall chatCall(ChatRequest request, Target target) {
        ProviderConfig provider = target.provider();
        List<ChatMessage> messages = request.messages == null ? List.of() : request.messages;

        ObjectNode body = Json.object();
        body.put("model", target.upstreamModel());
        JsonNode system = AnthropicMessages.system(messages);
        if (system != null) {
            body.set("system", system);
        }
        body.set("messages", AnthropicMessages.turns(messages));
        body.put("max_tokens", maxTokens(request, provider));
        if (request.temperature != null) {
            body.put("temperature", Math.min(request.temperature, MAX_TEMPERATURE));
        }
        if (request.topP != null) {
            body.put("top_p", request.topP);
        }
        if (request.topK != null) {
            body.put("top_k", request.topK);
        }
        JsonNode thinking = AnthropicAnswers.thinking(request, body.path("max_tokens").asInt());
        if (thinking != null) {
            body.set("thinking", thinking);
        }
        if (request.stop != null && !request.stop.isEmpty()) {
            body.set("stop_sequences", Json.MAPPER.valueToTree(request.stop));
        }
        if (request.user != null) {
            body.putObject("metadata").put("user_id", request.user);
        }
        // OpenAI refuses tool_choice without tools; sending it to Anthropic alone would only risk a 400.
        if (request.tools != null && !request.tools.isEmpty()) {
            body.set("tools", AnthropicTools.tools(request.tools));
            ObjectNode toolChoice = AnthropicTools.toolChoice(request.toolChoice, request.parallelToolCalls);
            if (toolChoice != null) {
                body.set("tool_choice", toolChoice);
            }
        }
        if (request.streaming()) {
            body.put("stream", true);
        }

        return new UpstreamCall(URI.create(provider.base() + "/v1/messages"), Json.write(body),
                Map.of("anthropic-version", apiVersion(provider)));
    }

    /** The anthropic-version header every call to this provider carries: its apiVersion, else 2023-06-01. */
    public static String apiVersion(ProviderConfig provider) {
        return provider.apiVersion() != null ? provider.apiVersion() : DEFAULT_API_VERSION;
    }

    /** Anthropic requires max_tokens, where OpenAI lets the caller leave it out. */
    private static int maxTokens(ChatRequest request, ProviderConfig provider) {
        if (request.outputTokenLimit() != null) {
            return request.outputTokenLimit();
        }
        return provider.defaultMaxTokens() > 0 ? provider.defaultMaxTokens() : FALLBACK_MAX_TOKENS;
    }

    @Override
    public ChatCompletion chatResponse(byte[] body, Target target) throws IOException {
        JsonNode answer = Json.tree(body);
        if (answer == null || !answer.isObject()) {
            throw new InvalidAnswerException("the body is not a JSON object.");
        }
        if ("error".equals(answer.path("type").asText()) || answer.hasNonNull("error")) {
            throw new InvalidAnswerException("an error object instead.");
        }
        if (!answer.path("content").isArray()) {
            throw new InvalidAnswerException("no content.");
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> toolCalls = new ArrayList<>();
        List<ThinkingBlock> thinking = new ArrayList<>();
        StringBuilder reasoning = new StringBuilder();
        for (JsonNode block : answer.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> toolCalls.add(ToolCall.of(block.path("id").asText(), block.path("name").asText(),
                        Json.writeString(block.has("input") ? block.get("input") : Json.object())));
                case "thinking" -> {
                    thinking.add(ThinkingBlock.thinking(block.path("thinking").asText(),
                            block.path("signature").asText(null)));
                    reasoning.append(block.path("thinking").asText());
                }
                case "redacted_thinking" -> thinking.add(ThinkingBlock.redacted(block.path("data").asText()));
                default -> {
                    // server tool blocks and others added to the API later: OpenAI's message has no place for them.
                }
            }
        }

        ChatMessage message = new ChatMessage();
        message.role = "assistant";
        message.content = text.length() == 0 && !toolCalls.isEmpty() ? null : MessageContent.text(text.toString());
        message.toolCalls = toolCalls.isEmpty() ? null : toolCalls;
        message.thinkingBlocks = thinking.isEmpty() ? null : thinking;
        message.reasoningContent = reasoning.length() == 0 ? null : reasoning.toString();

        ChatCompletion completion = new ChatCompletion();
        completion.id = answer.path("id").asText(null);
        completion.created = Instant.now().getEpochSecond();
        completion.model = answer.path("model").asText(target.upstreamModel());
        completion.choices = List.of(new ChatCompletion.Choice(0, message,
                AnthropicAnswers.finishReason(answer.path("stop_reason").asText(null))));
        JsonNode usage = answer.path("usage");
        completion.usage = AnthropicAnswers.usage(usage);
        return completion;
    }

    @Override
    public StreamTranslator streamTranslator(ChatRequest request, Target target) {
        return new AnthropicStreamTranslator(target);
    }

    @Override
    public void authenticate(Map<String, String> headers, String secret) {
        headers.put("x-api-key", secret);
    }

    @Override
    public UpstreamError error(int status, byte[] body) {
        JsonNode error = readError(body);
        String type = error.path("type").isTextual() ? error.path("type").asText() : null;
        String message = error.path("message").isTextual() ? error.path("message").asText() : null;
        boolean credentialRejected = status == 401 || status == 403
                || "authentication_error".equals(type) || "permission_error".equals(type);
        return new UpstreamError(message, type, credentialRejected);
    }

    /** The inner {"type","message"} object of Anthropic's error body, or a missing node when it cannot be read. */
    private static JsonNode readError(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return Json.tree(body).path("error");
        } catch (IOException | RuntimeException e) {
            return MissingNode.getInstance();
        }
    }
}
