package io.camelgateway.guardrail.pii;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ContentPart;
import io.camelgateway.api.MessageContent;
import io.camelgateway.api.ToolCall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The guard's walk reaches every text of a message, a request's or an answer's, and never an image. */
class MessageTextsTest {

    @Test
    void eachTextIsChangedAndImagesAreLeftAsTheyAre() {
        ChatMessage message = new ChatMessage();
        message.role = "assistant";
        message.content = MessageContent.parts(List.of(ContentPart.text("a"),
                ContentPart.image("data:image/png;base64,AAAA"), ContentPart.text("b")));
        message.toolCalls = List.of(ToolCall.of("call_1", "lookup", "{\"x\":1}"));
        message.refusal = "no";

        MessageTexts.changeEach(message, text -> "<" + text + ">");

        List<ContentPart> parts = message.content.parts();
        assertEquals("<a>", parts.get(0).text);
        assertEquals("data:image/png;base64,AAAA", parts.get(1).imageUrl.url);
        assertEquals("<b>", parts.get(2).text);
        assertEquals("<{\"x\":1}>", message.toolCalls.get(0).function.arguments);
        assertEquals("<no>", message.refusal);
    }

    @Test
    void aContentsTextPartsAreOneGroupAndAnUnchangedGroupKeepsItsContent() {
        ChatMessage message = new ChatMessage("user", "plain");
        MessageContent plain = message.content;
        ChatMessage parted = new ChatMessage();
        parted.content = MessageContent.parts(List.of(ContentPart.text("a"), ContentPart.text("b")));
        MessageContent parts = parted.content;
        List<List<String>> groups = new ArrayList<>();

        MessageTexts.change(message, texts -> {
            groups.add(texts);
            return texts;
        });
        MessageTexts.change(parted, texts -> {
            groups.add(texts);
            return texts;
        });

        assertEquals(List.of(List.of("plain"), List.of("a", "b")), groups);
        assertSame(plain, message.content);
        assertSame(parts, parted.content);
    }
}
