package io.camelgateway.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import io.camelgateway.config.ConfigSection;
import io.camelgateway.credentials.CredentialStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the store is, as gateway.yaml and the environment say, and that its schema migrates on each database. */
class StoreSettingsTest {
    private static final int CONNECTIONS = 2;

    private static ConfigSection store(String yaml) throws Exception {
        JsonNode root = new YAMLMapper().readTree(yaml);
        return new ConfigSection(root, UnaryOperator.identity(), "gateway.yaml:").section("store");
    }

    @Test
    void storeBlockWithAFilePasswordOpensPostgresAndMigrates() throws Exception {
        PostgresServer postgres = PostgresServer.shared();
        Path secret = Files.createTempFile("db-password", "");
        Files.writeString(secret, postgres.password() + "\n");
        String url = postgres.newDatabase();
        Map<String, String> env = Map.of("DB_USER", postgres.user());
        StoreSettings settings = StoreSettings.from(store("store:\n  url: " + url + "\n  user: env:DB_USER\n"
                        + "  password: file:" + secret + "\n"), env::get, new CredentialStore(env::get)::secret,
                Path.of("unused"), CONNECTIONS);

        assertFalse(settings.embedded());
        assertFalse(settings.toString().contains(postgres.password()));
        assertTrue(settings.description().startsWith("PostgreSQL at 127.0.0.1:"), settings.description());
        assertKeysSurviveReopening(settings);
    }

    @Test
    void withoutAUrlTheStoreIsAnH2FileInTheDataFolder() throws Exception {
        Path data = Files.createTempDirectory("data");
        StoreSettings settings = StoreSettings.from(ConfigSection.empty("gateway.yaml: store"), name -> null,
                UnaryOperator.identity(), data, CONNECTIONS);

        assertTrue(settings.embedded());
        assertKeysSurviveReopening(settings);
        assertTrue(Files.exists(data.resolve("gateway.mv.db")));
    }

    @Test
    void environmentUrlWinsOverTheFileAndAnUnknownUrlIsRefusedWithoutEchoingIt() throws Exception {
        Map<String, String> env = Map.of(StoreSettings.URL_VARIABLE, "jdbc:postgresql://db.internal:5432/gw");
        StoreSettings fromEnv = StoreSettings.from(store("store:\n  url: jdbc:h2:mem:x\n"), env::get,
                UnaryOperator.identity(), Path.of("data"), CONNECTIONS);
        assertEquals("PostgreSQL at db.internal:5432/gw", fromEnv.description());

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> StoreSettings.from(
                store("store:\n  url: mysql://root:hunter2@db/gw\n"), name -> null, UnaryOperator.identity(),
                Path.of("data"), CONNECTIONS));
        assertTrue(refused.getMessage().startsWith("gateway.yaml: store.url: must be a PostgreSQL JDBC URL"),
                refused.getMessage());
        assertFalse(refused.getMessage().contains("hunter2"));
    }

    @Test
    void aWrongPasswordStopsTheStartSayingWhyWithoutThePassword() {
        PostgresServer postgres = PostgresServer.shared();
        Map<String, String> env = Map.of(StoreSettings.URL_VARIABLE, postgres.newDatabase(),
                StoreSettings.USER_VARIABLE, postgres.user(), StoreSettings.PASSWORD_VARIABLE, "not-the-password-42");
        StoreSettings settings = StoreSettings.from(ConfigSection.empty("gateway.yaml: store"), env::get,
                UnaryOperator.identity(), Path.of("unused"), CONNECTIONS);

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Database.open(settings));
        assertTrue(refused.getMessage().startsWith("Cannot open the store (PostgreSQL at 127.0.0.1:"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("password authentication failed"), refused.getMessage());
        assertFalse(refused.getMessage().contains("not-the-password-42"), refused.getMessage());
    }

    /** Migrates, writes a key, closes, opens again (migrating nothing twice), and reads the key back. */
    private static void assertKeysSurviveReopening(StoreSettings settings) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        VirtualKey written;
        try (Database database = Database.open(settings)) {
            written = new VirtualKeyRepository(database).insert(new VirtualKey("key_1", "ab".repeat(32), "one",
                    "team", Set.of("admin", "reader"), now, now.plusSeconds(60), null, 0));
        }
        try (Database database = Database.open(settings)) {
            VirtualKeyRepository keys = new VirtualKeyRepository(database);
            assertEquals(written, keys.find("key_1").orElseThrow());
            assertEquals(1, written.revision());
            assertEquals(written, keys.changedSince(0).get(0));
            assertTrue(keys.changedSince(written.revision()).isEmpty());
        }
    }
}
