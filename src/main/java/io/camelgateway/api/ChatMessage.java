package io.camelgateway.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One message of a conversation: system, developer, user, assistant or tool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ChatMessage {
    public String role;
    /** Null only for an assistant message that carries tool calls. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public MessageContent content;
    public String name;
    @JsonProperty("tool_calls")
    public List<ToolCall> toolCalls;
    @JsonProperty("tool_call_id")
    public String toolCallId;
    public String refusal;
    /**
     * The model's reasoning as text, as OpenAI-compatible servers (DeepSeek, vLLM) send it and as the gateway shows
     * Anthropic's thinking and Gemini's thought summaries to OpenAI clients. Never sent to a provider: what a
     * provider needs back is in {@link #thinkingBlocks}.
     */
    @JsonProperty("reasoning_content")
    public String reasoningContent;
    /** Thinking the provider wants back on the next turn, with its signatures (see {@link ThinkingBlock}). */
    @JsonProperty("thinking_blocks")
    public List<ThinkingBlock> thinkingBlocks;

    public ChatMessage() {
    }

    public ChatMessage(String role, String text) {
        this.role = role;
        this.content = text == null ? null : MessageContent.text(text);
    }

    /** The text of this message, with the text parts of multi-part content joined; empty when there is none. */
    public String text() {
        return content == null ? "" : content.joinedText();
    }

    public boolean hasThinking() {
        return thinkingBlocks != null && !thinkingBlocks.isEmpty();
    }

    public boolean hasToolCalls() {
        return toolCalls != null && !toolCalls.isEmpty();
    }
}
