package io.camelgateway.guardrail.pii;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ContentPart;
import io.camelgateway.api.MessageContent;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PromptRedactionTest {
    @Test
    void aValueSplitOverPartsBecomesOnePlaceholderInTheFirstAndTheImageStays() {
        ChatMessage user = new ChatMessage();
        user.role = "user";
        user.content = MessageContent.parts(List.of(ContentPart.text("mail ana@exa"),
                ContentPart.image("data:image/png;base64,AAAA"), ContentPart.text("mple.com or ana@example.com")));
        ChatRequest request = new ChatRequest();
        request.messages = List.of(new ChatMessage("system", "Call +44 20 7946 0958"), user);
        Placeholders placeholders = new Placeholders();

        PiiReport report = new PromptRedaction(new PiiScanner()).redact(request, placeholders);

        assertEquals("Call <PHONE_1>", request.messages.get(0).text());
        List<ContentPart> parts = request.messages.get(1).content.parts();
        assertEquals("mail <EMAIL_1>", parts.get(0).text);
        assertEquals("data:image/png;base64,AAAA", parts.get(1).imageUrl.url);
        assertEquals(" or <EMAIL_1>", parts.get(2).text);
        assertEquals("{EMAIL=2, PHONE=1}", report.counts().toString());
        assertEquals("Write ana@example.com", placeholders.restore("Write <EMAIL_1>"));
    }
}
