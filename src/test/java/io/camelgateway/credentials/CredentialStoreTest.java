package io.camelgateway.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {

    private final CredentialStore store = new CredentialStore(Map.of("OPENAI_API_KEY", "sk-env-123")::get);

    @TempDir
    Path dir;

    @Test
    void envReferenceReadsTheVariable() {
        assertEquals(Optional.of(new Credential("openai", "sk-env-123")), store.resolve("openai", "env:OPENAI_API_KEY"));
    }

    @Test
    void unsetEnvVariableIsEmpty() {
        assertEquals(Optional.empty(), store.resolve("openai", "env:NOT_SET"));
    }

    @Test
    void fileReferenceIsTrimmed() throws IOException {
        Path key = Files.writeString(dir.resolve("openai.key"), "  sk-file-1\n");
        assertEquals(Optional.of(new Credential("openai", "sk-file-1", "file:" + key)),
                store.resolve("openai", "file:" + key));
    }

    @Test
    void rewrittenFileIsReadAgainWithoutANewStore() throws IOException {
        Path key = Files.writeString(dir.resolve("openai.key"), "sk-old\n");
        FileTime written = Files.getLastModifiedTime(key);
        assertEquals("sk-old", store.resolve("openai", "file:" + key).orElseThrow().secret());

        Files.writeString(key, "sk-new\n");
        Files.setLastModifiedTime(key, FileTime.fromMillis(written.toMillis() + 5_000));

        assertEquals("sk-new", store.resolve("openai", "file:" + key).orElseThrow().secret());
    }

    @Test
    void aRefusedFileKeyIsReadAgainAndTheNewKeyGiven() throws Exception {
        Path key = Files.writeString(dir.resolve("openai.key"), "sk-old\n");
        FileTime written = Files.getLastModifiedTime(key);
        Credential refused = store.resolve("openai", "file:" + key).orElseThrow();
        assertEquals(Optional.empty(), store.reread(refused).get(), "the file still holds the refused key");

        Files.writeString(key, "sk-new\n");
        Files.setLastModifiedTime(key, FileTime.fromMillis(written.toMillis() + 5_000));

        assertEquals("sk-new", store.reread(refused).get().orElseThrow().secret());
    }

    @Test
    void aRefusedEnvironmentOrLiteralKeyIsNeverReadAgain() throws Exception {
        assertEquals(Optional.empty(), store.reread(store.resolve("openai", "env:OPENAI_API_KEY").orElseThrow()).get());
        Credential literal = store.resolve("openai", "sk-written-in-the-file").orElseThrow();
        assertNull(literal.reference(), "a literal is not kept as a reference: it is the key itself");
        assertEquals(Optional.empty(), store.reread(literal).get());
    }

    @Test
    void aVaultReferenceWithoutAVaultBlockIsAStartUpError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.preload(java.util.List.of("vault:secret/llm/openai#api_key"), java.time.Duration.ZERO));
        assertTrue(e.getMessage().contains("no vault: block"), e.getMessage());
    }

    @Test
    void missingFileIsEmpty() {
        assertEquals(Optional.empty(), store.resolve("openai", "file:" + dir.resolve("absent.key")));
    }

    @Test
    void statusSaysWhatIsKnownOfTheCredentialAndNeverThatTheProviderIsReady() {
        assertEquals("credential set", store.status("openai", "env:OPENAI_API_KEY"));
        assertEquals("no credential needed", store.status("private", "none"));
        assertEquals("no credential", store.status("anthropic", "env:ANTHROPIC_API_KEY"));
    }

    @Test
    void noneMeansNoCredential() {
        Credential none = store.resolve("ollama", "none").orElseThrow();
        assertEquals(Credential.none("ollama"), none);
        assertTrue(none.isNone());
    }

    @Test
    void toStringNeverShowsTheSecret() {
        String text = new Credential("openai", "sk-secret-42").toString();
        assertFalse(text.contains("sk-secret-42"), text);
        assertEquals("Credential[provider=openai, secret=***]", text);
    }

    @Test
    void scrubReplacesEveryOccurrenceOfTheSecret() {
        Credential credential = new Credential("openai", "sk-secret-42");
        assertEquals("Incorrect API key provided: ***. Key *** is invalid.",
                credential.scrub("Incorrect API key provided: sk-secret-42. Key sk-secret-42 is invalid."));
        assertEquals("nothing to hide", Credential.none("ollama").scrub("nothing to hide"));
    }
}
