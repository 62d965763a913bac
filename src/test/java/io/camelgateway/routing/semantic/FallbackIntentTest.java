package io.camelgateway.routing.semantic;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camelgateway.embedding.SentenceEmbedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's own intents file (classifier-models/eval/intents-5shot.yaml: eight intents, five examples each, no
 * keywords, no general_chat) decides where prompts that tier 2 is unsure of go: its declared fallback, or, without
 * one, tier 2's best guess. Never an intent the file does not define.
 */
class FallbackIntentTest {
    static final Path USER_FILE = Path.of("classifier-models/eval/intents-5shot.yaml");
    /** A tier 2 that is never sure, so every prompt below is an unsure one. */
    static final SemanticRouter.Settings NEVER_SURE = new SemanticRouter.Settings(0.99, 0.03);
    static final String KYOTO = "Where should we stay in Kyoto for a week of visiting temples?";

    @TempDir
    static Path dir;
    static SentenceEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = SentenceEmbedder.load(1);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void withoutAFallbackAnUnsurePromptGoesToTier2sBestGuess() throws IOException {
        RoutingDecision d = router(Files.readString(USER_FILE)).decide(RoutingCommand.request(KYOTO));

        assertEquals("trip_planning", d.intent(), d.embeddingScores().toString());
        assertEquals(SemanticRouter.EMBEDDING, d.tier());
        assertEquals(d.embeddingScores().keySet().iterator().next(), d.intent());
        assertEquals("prompts tier 2 is unsure of keep tier 2's best guess (the file declares no fallback)",
                router(Files.readString(USER_FILE)).describeFallback(), "what the gateway logs at load");
    }

    @Test
    void aDeclaredFallbackTakesUnsurePrompts() throws IOException {
        RoutingDecision d = router("fallback: email_writing\n" + Files.readString(USER_FILE))
                .decide(RoutingCommand.request(KYOTO));

        assertEquals("email_writing", d.intent());
        assertEquals(SemanticRouter.DEFAULT, d.tier());
        assertEquals("prompts tier 2 is unsure of go to intent 'email_writing' (the file's fallback)",
                router("fallback: email_writing\n" + Files.readString(USER_FILE)).describeFallback());
    }

    @Test
    void anEmptyMessageWithoutAFallbackGoesToTheFilesFirstIntent() throws IOException {
        RoutingDecision d = router(Files.readString(USER_FILE)).decide(RoutingCommand.request("  "));

        assertEquals("code", d.intent());
        assertEquals(SemanticRouter.DEFAULT, d.tier());
    }

    @Test
    void aFallbackNamingNoIntentIsRefusedAndTheLastGoodFileStays() throws Exception {
        String userFile = Files.readString(USER_FILE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("fallback: general_chat\n" + userFile));
        assertTrue(e.getMessage().contains("fallback: 'general_chat' is not one of the intents (code, math"),
                e.getMessage());

        Path file = dir.resolve("intents.yaml");
        Files.writeString(file, "fallback: email_writing\n" + userFile);
        ReloadingRouter reloading = new ReloadingRouter(file, this::router);
        Files.writeString(file, "fallback: general_chat\n" + userFile);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        Thread.sleep(1100);
        assertEquals("email_writing", reloading.get().decide(RoutingCommand.request(KYOTO)).intent(),
                "the last good file's fallback stays");
    }

    private SemanticRouter router(String yaml) {
        return router(parse(yaml));
    }

    private SemanticRouter router(IntentsFile file) {
        return new SemanticRouter(file, new KeywordMatcher(file.intents()),
                new EmbeddingMatcher(file.intents(), embedder), null, NEVER_SURE);
    }

    private static IntentsFile parse(String yaml) {
        try {
            return IntentsLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "user.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
