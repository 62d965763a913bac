package io.camelgateway.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A piece of a model's reasoning that must go back to the provider as it came, for the provider to accept the
 * next turn of a tool conversation. The gateway's extension of OpenAI's message ({@code thinking_blocks}):
 * <ul>
 *   <li>{@code {"type":"thinking","thinking":...,"signature":...}}: Anthropic's thinking block, or Gemini's thought
 *       text with the {@code thoughtSignature} Gemini gave (Gemini wants the signature back on the first
 *       functionCall part of that turn);</li>
 *   <li>{@code {"type":"redacted_thinking","data":...}}: Anthropic's encrypted thinking.</li>
 * </ul>
 * Signatures are opaque and only the provider that made them accepts them. In a stream delta a block is a fragment:
 * thinking text travels in the delta's {@code reasoning_content}, and {@code thinking_blocks} carries only a
 * signature (which ends the current thinking block) or a whole redacted block.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ThinkingBlock {
    public static final String THINKING = "thinking";
    public static final String REDACTED = "redacted_thinking";

    public String type;
    public String thinking;
    public String signature;
    public String data;

    public static ThinkingBlock thinking(String thinking, String signature) {
        ThinkingBlock b = new ThinkingBlock();
        b.type = THINKING;
        b.thinking = thinking;
        b.signature = signature;
        return b;
    }

    public static ThinkingBlock redacted(String data) {
        ThinkingBlock b = new ThinkingBlock();
        b.type = REDACTED;
        b.data = data;
        return b;
    }

    @JsonIgnore
    public boolean isRedacted() {
        return REDACTED.equals(type);
    }

    public boolean signed() {
        return signature != null && !signature.isEmpty();
    }
}
