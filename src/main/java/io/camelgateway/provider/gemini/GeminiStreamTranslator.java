package io.camelgateway.provider.gemini;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.Json;
import io.camelgateway.api.ThinkingBlock;
import io.camelgateway.api.ToolCall;
import io.camelgateway.api.Usage;
import io.camelgateway.provider.SseEvent;
import io.camelgateway.provider.StreamTranslator;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamFailures;

/**
 * Translates streamGenerateContent?alt=sse. Each event is a whole GenerateContentResponse holding the next
 * increment; function calls arrive complete, and usageMetadata is cumulative, so the latest one is the total.
 */
public final class GeminiStreamTranslator implements StreamTranslator {

    /** What one choice has sent so far. */
    private static final class ChoiceState {
        boolean roleSent;
        int toolCalls;
        boolean finished;
    }

    private final Target target;
    private final long created = Instant.now().getEpochSecond();
    private final Map<Integer, ChoiceState> choices = new TreeMap<>();
    private String id;
    private String model;
    private Usage usage;
    private boolean finished;

    public GeminiStreamTranslator(Target target) {
        this.target = target;
    }

    @Override
    public List<ChatCompletionChunk> translate(SseEvent event) {
        if (finished || event.data() == null || event.data().isBlank()) {
            return List.of();
        }
        JsonNode response = parse(event.data());
        if (response.has("error")) {
            throw GeminiErrors.inStream(target.providerName(), response.get("error"));
        }
        if (!response.has("candidates") && !response.has("promptFeedback") && !response.has("usageMetadata")) {
            throw UpstreamFailures.invalidStream(target, "sent a stream event without an answer (no candidates).", null);
        }
        if (id == null) {
            id = GeminiAnswer.id(response);
            model = GeminiAnswer.model(response, target);
        }
        Usage latest = GeminiAnswer.usage(response);
        if (latest != null) {
            usage = latest;
        }

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        List<GeminiCandidate> candidates = GeminiAnswer.candidates(response);
        if (candidates.isEmpty() && GeminiAnswer.promptBlocked(response)) {
            chunks.add(finishChunk(0, state(0), "content_filter"));
        }
        for (GeminiCandidate candidate : candidates) {
            ChoiceState state = state(candidate.index());
            if (!candidate.text().isEmpty() || !candidate.toolCalls().isEmpty() || !candidate.reasoning().isEmpty()
                    || !candidate.thinking().isEmpty()) {
                chunks.add(contentChunk(candidate, state));
            }
            if (candidate.finishReason() != null) {
                String reason = GeminiCandidate.openAiFinishReason(candidate.finishReason(), state.toolCalls > 0);
                chunks.add(finishChunk(candidate.index(), state, reason));
            }
        }
        if (!choices.isEmpty() && choices.values().stream().allMatch(s -> s.finished)) {
            finished = true;
            chunks.add(usageChunk());
        }
        return chunks;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    private ChatCompletionChunk contentChunk(GeminiCandidate candidate, ChoiceState state) {
        ChatCompletionChunk.Delta delta = delta(state);
        if (!candidate.reasoning().isEmpty()) {
            delta.reasoningContent = candidate.reasoning();
        }
        if (!candidate.thinking().isEmpty()) {
            // The thought text went out as reasoning_content: here only the signatures, which end the thinking.
            delta.thinkingBlocks = candidate.thinking().stream()
                    .map(block -> ThinkingBlock.thinking(null, block.signature)).toList();
        }
        if (!candidate.text().isEmpty()) {
            delta.content = candidate.text();
        }
        if (!candidate.toolCalls().isEmpty()) {
            for (ToolCall call : candidate.toolCalls()) {
                call.index = state.toolCalls++;
            }
            delta.toolCalls = candidate.toolCalls();
        }
        return chunk(new ChatCompletionChunk.Choice(candidate.index(), delta, null));
    }

    private ChatCompletionChunk finishChunk(int index, ChoiceState state, String reason) {
        state.finished = true;
        return chunk(new ChatCompletionChunk.Choice(index, delta(state), reason));
    }

    private ChatCompletionChunk usageChunk() {
        ChatCompletionChunk chunk = chunk(null);
        chunk.usage = usage != null ? usage : new Usage(0, 0);
        return chunk;
    }

    /** A delta that carries the role when it is the choice's first. */
    private static ChatCompletionChunk.Delta delta(ChoiceState state) {
        ChatCompletionChunk.Delta delta = new ChatCompletionChunk.Delta();
        if (!state.roleSent) {
            delta.role = "assistant";
            state.roleSent = true;
        }
        return delta;
    }

    private ChatCompletionChunk chunk(ChatCompletionChunk.Choice choice) {
        ChatCompletionChunk chunk = new ChatCompletionChunk();
        chunk.id = id;
        chunk.created = created;
        chunk.model = model;
        chunk.choices = choice == null ? List.of() : List.of(choice);
        return chunk;
    }

    private ChoiceState state(int index) {
        return choices.computeIfAbsent(index, i -> new ChoiceState());
    }

    private JsonNode parse(String data) {
        try {
            return Json.objectTree(data);
        } catch (IOException e) {
            throw UpstreamFailures.invalidStream(target, "sent a stream event that could not be read.", e);
        }
    }
}
