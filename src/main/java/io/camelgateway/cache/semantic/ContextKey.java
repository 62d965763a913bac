package io.camelgateway.cache.semantic;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.camelgateway.Sha256;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ContentPart;
import io.camelgateway.api.Json;

/**
 * What the semantic cache compares a request by: the newest user message (embedded and compared loosely) and the
 * context fingerprint (compared exactly): a hash of the tenant, the target model or pool, and everything else in the
 * request (system prompt, tools, earlier turns, sampling and response format). A follow-up in one conversation
 * therefore never matches a follow-up in another, nor another tenant's.
 *
 * @param fingerprint the context's hash, or null when the request is not cacheable
 * @param prompt      the newest user message's text, or null when the request is not cacheable
 * @param uncacheable why the request is not cacheable ("the last message is not the user's"...), or null
 */
public record ContextKey(String fingerprint, String prompt, String uncacheable) {

    /** The key of a request sent to target (the model or pool routing chose) by tenant ("team:x" or "key:y"). */
    public static ContextKey of(ChatRequest request, String target, String tenant, int maxPromptChars) {
        List<ChatMessage> messages = request.messages;
        if (messages == null || messages.isEmpty()) {
            return notCacheable("there are no messages");
        }
        ChatMessage newest = messages.get(messages.size() - 1);
        if (!"user".equals(newest.role) || newest.content == null) {
            return notCacheable("the last message is not a user's text");
        }
        for (ContentPart part : newest.content.parts()) {
            if (!"text".equals(part.type) || part.text == null) {
                return notCacheable("the last message has parts other than text");
            }
        }
        String prompt = newest.text().strip();
        if (prompt.isEmpty()) {
            return notCacheable("the last message is empty");
        }
        if (prompt.length() > maxPromptChars) {
            // the model reads the first 256 word pieces only: two long prompts could differ where it does not look
            return notCacheable("the last message is over " + maxPromptChars + " characters");
        }
        if (!wellFormed(prompt)) {
            return notCacheable("the last message has unpaired surrogates");
        }
        ChatRequest context = request.copy();
        context.model = target;
        context.messages = messages.subList(0, messages.size() - 1);
        context.stream = null; // a streamed and a plain request get the same answer, replayed as the caller asked
        context.streamOptions = null;
        context.user = null;
        try {
            byte[] canonical = Json.write(context);
            return new ContextKey(Sha256.hex(tenant.getBytes(StandardCharsets.UTF_8), new byte[] {0}, canonical),
                    prompt, null);
        } catch (RuntimeException e) {
            return notCacheable("the request cannot be written canonically");
        }
    }

    public boolean cacheable() {
        return uncacheable == null;
    }

    private static ContextKey notCacheable(String reason) {
        return new ContextKey(null, null, reason);
    }

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
