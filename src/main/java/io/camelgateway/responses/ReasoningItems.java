package io.camelgateway.responses;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ThinkingBlock;

/**
 * Reasoning between the Responses API's reasoning items and the canonical thinking blocks. A signed thinking block
 * is a reasoning item whose summary is the thinking text and whose encrypted_content is the provider's signature
 * (Anthropic's, or Gemini's thoughtSignature); a redacted block's data travels in encrypted_content behind
 * {@value #REDACTED}. A client that sends the item back, as OpenAI asks for stateless tool conversations, so
 * gives the provider its thinking back as it came.
 */
final class ReasoningItems {
    static final String REDACTED = "redacted_thinking:";

    private ReasoningItems() {
    }

    /** The reasoning items of a finished answer: one per thinking block, or one for plain reasoning text. */
    static List<ResponseObject.OutputItem> of(ChatMessage message) {
        List<ResponseObject.OutputItem> items = new ArrayList<>();
        if (message.hasThinking()) {
            for (ThinkingBlock block : message.thinkingBlocks) {
                items.add(item(block.isRedacted() ? null : block.thinking, encrypted(block)));
            }
        } else if (message.reasoningContent != null && !message.reasoningContent.isEmpty()) {
            items.add(item(message.reasoningContent, null));
        }
        return items;
    }

    static ResponseObject.OutputItem item(String summary, String encryptedContent) {
        ResponseObject.OutputItem item = ResponseObject.OutputItem.reasoning(ResponseObject.itemId("rs"));
        if (summary != null && !summary.isEmpty()) {
            item.summary.add(ResponseObject.OutputContent.summaryText(summary));
        }
        item.encryptedContent = encryptedContent;
        return item;
    }

    /** What a thinking block's encrypted_content says: its signature, or its redacted data; null when unsigned. */
    static String encrypted(ThinkingBlock block) {
        if (block.isRedacted()) {
            return block.data == null ? null : REDACTED + block.data;
        }
        return block.signed() ? block.signature : null;
    }

    /**
     * The thinking block a reasoning input item gives back to its provider, or null for one without
     * encrypted_content: no provider takes unsigned reasoning back, and OpenAI's own needs its store.
     */
    static ThinkingBlock block(JsonNode item) {
        JsonNode encrypted = item.get("encrypted_content");
        if (encrypted == null || !encrypted.isTextual() || encrypted.textValue().isEmpty()) {
            return null;
        }
        String value = encrypted.textValue();
        if (value.startsWith(REDACTED)) {
            return ThinkingBlock.redacted(value.substring(REDACTED.length()));
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : item.path("summary")) {
            text.append(part.path("text").asText(""));
        }
        return ThinkingBlock.thinking(text.length() == 0 ? null : text.toString(), value);
    }
}
