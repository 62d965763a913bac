package io.camelgateway.cache.semantic;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ContentPart;
import io.camelgateway.api.MessageContent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The context fingerprint: what must be the same for a stored answer to serve, and what is not cacheable. */
class ContextKeyTest {

    @Test
    void sameQuestionAfterOtherEarlierTurnsIsAnotherContext() {
        ContextKey eggs = key(request("How do I boil an egg?", "Ten minutes.", "And how long does it take?"));
        ContextKey bread = key(request("How do I bake bread?", "Knead and bake.", "And how long does it take?"));
        assertEquals(eggs.prompt(), bread.prompt());
        assertNotEquals(eggs.fingerprint(), bread.fingerprint());
    }

    @Test
    void otherSystemPromptToolsModelOrTenantIsAnotherContext() {
        ChatRequest plain = request("What is 2+2?");
        ChatRequest pirate = request("What is 2+2?");
        pirate.messages = List.of(new ChatMessage("system", "Answer like a pirate."), plain.messages.get(0));
        ChatRequest json = request("What is 2+2?");
        json.responseFormat = io.camelgateway.api.Json.MAPPER.createObjectNode().put("type", "json_object");

        String base = key(plain).fingerprint();
        assertNotEquals(base, key(pirate).fingerprint());
        assertNotEquals(base, key(json).fingerprint());
        assertNotEquals(base, ContextKey.of(plain, "other-pool", "team:a", 1000).fingerprint());
        assertNotEquals(base, ContextKey.of(plain, "faq", "team:b", 1000).fingerprint());
    }

    @Test
    void streamingOrNotIsTheSameContext() {
        ChatRequest streamed = request("What is 2+2?");
        streamed.stream = true;
        assertEquals(key(request("What is 2+2?")).fingerprint(), key(streamed).fingerprint());
    }

    @Test
    void imagesToolResultsHugeOrBrokenTextAreNotCacheable() {
        ChatRequest image = request("x");
        ChatMessage withImage = new ChatMessage();
        withImage.role = "user";
        withImage.content = MessageContent.parts(List.of(ContentPart.text("What is this?"),
                ContentPart.image("data:image/png;base64,iVBORw0KGgo=")));
        image.messages = List.of(withImage);
        ChatRequest tool = request("x");
        tool.messages = List.of(new ChatMessage("tool", "42"));

        assertEquals("the last message has parts other than text", key(image).uncacheable());
        assertEquals("the last message is not a user's text", key(tool).uncacheable());
        assertEquals("the last message is over 1000 characters", key(request("why ".repeat(300))).uncacheable());
        assertEquals("the last message has unpaired surrogates", key(request("bad \uD800 text")).uncacheable());
        assertEquals("the last message is empty", key(request("   ")).uncacheable());
        assertFalse(key(new ChatRequest()).cacheable());
    }

    private static ContextKey key(ChatRequest request) {
        return ContextKey.of(request, "faq", "team:a", 1000);
    }

    /** A conversation of alternating user and assistant turns, ending with the user's. */
    private static ChatRequest request(String... turns) {
        ChatRequest request = new ChatRequest();
        request.model = "faq";
        List<ChatMessage> messages = new java.util.ArrayList<>();
        for (int i = 0; i < turns.length; i++) {
            messages.add(new ChatMessage(i % 2 == 0 ? "user" : "assistant", turns[i]));
        }
        request.messages = messages;
        return request;
    }
}
