package io.camelgateway.guardrail.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ContentPart;
import io.camelgateway.api.MessageContent;
import io.camelgateway.api.ToolCall;

/**
 * Every text of a chat message, a request's or an answer's, changed in place: its content (a plain text, or its
 * text parts as one group; image and other non-text parts are left as they are), each tool call's arguments, and
 * its refusal.
 */
final class MessageTexts {
    private MessageTexts() {
    }

    /**
     * Gives each group of texts to the function and puts back the texts it returns, one for each it was given; a
     * group it returns as it was (the same list) is left untouched.
     */
    static void change(ChatMessage message, UnaryOperator<List<String>> group) {
        if (message == null) {
            return;
        }
        if (message.content != null) {
            message.content = content(message.content, group);
        }
        if (message.toolCalls != null) {
            for (ToolCall call : message.toolCalls) {
                if (call != null && call.function != null && call.function.arguments != null) {
                    call.function.arguments = group.apply(List.of(call.function.arguments)).get(0);
                }
            }
        }
        if (message.refusal != null) {
            message.refusal = group.apply(List.of(message.refusal)).get(0);
        }
    }

    /** Gives each text on its own to the function, a content's parts too, and puts back what it returns. */
    static void changeEach(ChatMessage message, UnaryOperator<String> change) {
        change(message, texts -> texts.stream().map(change).toList());
    }

    private static MessageContent content(MessageContent content, UnaryOperator<List<String>> group) {
        if (content.isText()) {
            String text = content.joinedText();
            if (text == null) {
                return content;
            }
            List<String> changed = group.apply(List.of(text));
            return changed.get(0).equals(text) ? content : MessageContent.text(changed.get(0));
        }
        List<ContentPart> parts = content.parts();
        List<String> texts = new ArrayList<>();
        for (ContentPart part : parts) {
            if (part.text != null && !part.carriesImage()) {
                texts.add(part.text);
            }
        }
        if (texts.isEmpty()) {
            return content;
        }
        List<String> changed = group.apply(texts);
        if (changed == texts) {
            return content;
        }
        List<ContentPart> rewritten = new ArrayList<>(parts.size());
        int t = 0;
        for (ContentPart part : parts) {
            if (part.text != null && !part.carriesImage()) {
                ContentPart copy = ContentPart.text(changed.get(t++));
                copy.type = part.type;
                rewritten.add(copy);
            } else {
                rewritten.add(part);
            }
        }
        return MessageContent.parts(rewritten);
    }
}
