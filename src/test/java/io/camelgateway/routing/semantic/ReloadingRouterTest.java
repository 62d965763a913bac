package io.camelgateway.routing.semantic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An edited intents file takes effect without a restart; a broken one leaves the last good intents in force. */
class ReloadingRouterTest {

    @Test
    void editedFileTakesEffectAndBrokenFileIsIgnored() throws Exception {
        Path file = Files.createTempFile("intents", ".yaml");
        write(file, "intents:\n  alpha:\n    description: a\n    keywords: [apple]\n", 0);
        // Tier 1 only: the embedding tier is not needed to see which intents are in force.
        ReloadingRouter router = new ReloadingRouter(file, intents -> new SemanticRouter(intents,
                new KeywordMatcher(intents.intents()), null, null, new SemanticRouter.Settings(1, 1)));
        assertEquals("alpha", router.get().decide(ask("an apple a day")).intent());

        write(file, "intents:\n  beta:\n    description: b\n    keywords: [apple]\n", 10);
        Thread.sleep(1100);
        assertEquals("beta", router.get().decide(ask("an apple a day")).intent());

        write(file, "intents:\n  beta:\n    examples: \"not a list\"\n", 20);
        Thread.sleep(1100);
        assertEquals("beta", router.get().decide(ask("an apple a day")).intent(), "the last good intents stay");
    }

    private static void write(Path file, String text, int secondsLater) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsLater)));
    }

    private static ChatRequest ask(String text) {
        ChatRequest request = new ChatRequest();
        request.messages = List.of(new ChatMessage("user", text));
        return request;
    }
}
