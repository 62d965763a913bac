package io.camelgateway.provider.openai;

import java.util.ArrayList;
import java.util.List;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ContentPart;
import io.camelgateway.api.MessageContent;
import io.camelgateway.api.Tool;

/**
 * A canonical request as OpenAI takes it: without the gateway's extensions for other providers (thinking blocks,
 * reasoning text, cache_control, top_k), which OpenAI would refuse, and with Anthropic's thinking switch said as
 * reasoning_effort. The caller's request is left as it is.
 */
final class OpenAiRequest {
    /** Upper bounds of Anthropic thinking budgets for each reasoning_effort word. */
    private static final int LOW_BUDGET = 2048;
    private static final int MEDIUM_BUDGET = 8192;

    private OpenAiRequest() {
    }

    static ChatRequest withoutExtensions(ChatRequest request) {
        ChatRequest upstream = request.copy();
        upstream.topK = null;
        upstream.thinking = null;
        if (upstream.reasoningEffort == null && request.thinking != null
                && "enabled".equals(request.thinking.path("type").asText())) {
            int budget = request.thinking.path("budget_tokens").asInt();
            upstream.reasoningEffort = budget <= LOW_BUDGET ? "low" : budget <= MEDIUM_BUDGET ? "medium" : "high";
        }
        if (request.messages != null) {
            upstream.messages = request.messages.stream().map(OpenAiRequest::message).toList();
        }
        if (request.tools != null && request.tools.stream().anyMatch(t -> t != null && t.cacheControl != null)) {
            upstream.tools = request.tools.stream().map(OpenAiRequest::tool).toList();
        }
        return upstream;
    }

    private static ChatMessage message(ChatMessage m) {
        boolean cacheMarks = m != null && m.content != null && !m.content.isText()
                && m.content.parts().stream().anyMatch(p -> p.cacheControl != null);
        if (m == null || !cacheMarks && m.reasoningContent == null && m.thinkingBlocks == null) {
            return m;
        }
        ChatMessage copy = new ChatMessage();
        copy.role = m.role;
        copy.content = cacheMarks ? withoutCacheMarks(m.content) : m.content;
        copy.name = m.name;
        copy.toolCalls = m.toolCalls;
        copy.toolCallId = m.toolCallId;
        copy.refusal = m.refusal;
        return copy;
    }

    private static MessageContent withoutCacheMarks(MessageContent content) {
        List<ContentPart> parts = new ArrayList<>();
        for (ContentPart part : content.parts()) {
            ContentPart copy = new ContentPart();
            copy.type = part.type;
            copy.text = part.text;
            copy.imageUrl = part.imageUrl;
            parts.add(copy);
        }
        return MessageContent.parts(parts);
    }

    private static Tool tool(Tool tool) {
        if (tool == null || tool.cacheControl == null) {
            return tool;
        }
        Tool copy = new Tool();
        copy.type = tool.type;
        copy.function = tool.function;
        return copy;
    }
}
