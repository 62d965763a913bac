package io.camelgateway.metering;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.api.Usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tokens the gateway counts itself, where a provider reported none: OpenAI's encodings and message framing. */
class TokenEstimateTest {

    private static ChatRequest chat(String model, String... texts) {
        ChatRequest request = new ChatRequest();
        request.model = model;
        request.messages = java.util.Arrays.stream(texts).map(t -> new ChatMessage("user", t)).toList();
        return request;
    }

    @Test
    void chatCountsEachMessageWithOpenAisFramingAndTheAnswer() {
        // o200k_base: "Hello| there|,| how| are| you| today|?" is 8 tokens; "Hi" is 1
        Usage usage = TokenEstimate.chat(chat("openai/gpt-4o-mini", "Hi"), "Hello there, how are you today?", 31);
        assertEquals(3 + 3 + 1, usage.promptTokens);
        assertEquals(8, usage.completionTokens);
    }

    @Test
    void anAnswerLongerThanItsSampleIsCountedAtTheSamplesTokensPerChar() {
        String sample = "word" + " word".repeat(99); // 100 tokens in 499 chars
        Usage usage = TokenEstimate.chat(chat("gpt-4o", "Hi"), sample, 998);
        assertEquals(200, usage.completionTokens);
    }

    @Test
    void olderModelsAndEmbeddingsUseCl100k() {
        assertEquals("cl100k_base", TokenEstimate.encodingFor("openai/gpt-4-turbo").getName());
        assertEquals("cl100k_base", TokenEstimate.encodingFor("text-embedding-3-small").getName());
        assertEquals("o200k_base", TokenEstimate.encodingFor("openai/gpt-4o").getName());
        assertEquals("o200k_base", TokenEstimate.encodingFor("anthropic/claude-sonnet-4-5").getName());

        EmbeddingRequest embeddings = new EmbeddingRequest();
        embeddings.model = "openai/text-embedding-3-small";
        embeddings.input = JsonNodeFactory.instance.arrayNode().add("one text").add("another text");
        assertEquals(4, TokenEstimate.embeddings(embeddings));
        assertEquals(List.of("one text", "another text"), embeddings.texts());
    }
}
