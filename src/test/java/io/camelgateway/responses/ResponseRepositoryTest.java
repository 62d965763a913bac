package io.camelgateway.responses;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.camelgateway.store.Database;
import io.camelgateway.store.PostgresServer;
import io.camelgateway.store.StoreSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stored conversations on H2 and on a real PostgreSQL: read whole and in order, by their owner only. */
class ResponseRepositoryTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String OWNER = "team:research";

    private static Database open(String kind) {
        if ("postgres".equals(kind)) {
            PostgresServer postgres = PostgresServer.shared();
            return Database.open(new StoreSettings(postgres.newDatabase(), postgres.user(), postgres.password(), 2));
        }
        return Database.open(new StoreSettings("jdbc:h2:mem:responses-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                null, null, 2));
    }

    private static StoredResponse turn(String id, String previous, int depth, Instant createdAt) {
        return new StoredResponse(id, OWNER, previous, createdAt, depth, 100L * depth,
                "[{\"type\":\"message\",\"id\":\"msg_" + id + "\",\"role\":\"user\",\"content\":\"" + "é".repeat(3)
                        + "\"}]", "{\"id\":\"" + id + "\",\"output\":[]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void conversationIsReadOldestFirstByItsOwnerOnly(String kind) {
        try (Database store = open(kind)) {
            ResponseRepository responses = new ResponseRepository(store);
            responses.insert(turn("resp_a", null, 1, NOW));
            responses.insert(turn("resp_b", "resp_a", 2, NOW));
            responses.insert(turn("resp_c", "resp_b", 3, NOW));

            assertEquals(List.of("resp_a", "resp_b", "resp_c"), responses.conversation(OWNER, "resp_c", 10)
                    .orElseThrow().stream().map(StoredResponse::id).toList());
            assertEquals(turn("resp_b", "resp_a", 2, NOW), responses.find(OWNER, "resp_b").orElseThrow());
            assertTrue(responses.conversation("team:other", "resp_c", 10).isEmpty(), "another owner's");
            assertTrue(responses.find("caller:alice", "resp_a").isEmpty());
            assertTrue(responses.conversation(OWNER, "resp_c", 2).isEmpty(), "deeper than asked for");

            assertFalse(responses.delete("team:other", "resp_b"));
            assertTrue(responses.delete(OWNER, "resp_b"));
            assertTrue(responses.conversation(OWNER, "resp_c", 10).isEmpty(), "a link of the chain is gone");
            assertEquals(List.of("resp_a"), responses.conversation(OWNER, "resp_a", 10).orElseThrow().stream()
                    .map(StoredResponse::id).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void sweepDeletesWhatIsOlderThanTheCutoff(String kind) {
        try (Database store = open(kind)) {
            ResponseRepository responses = new ResponseRepository(store);
            responses.insert(turn("resp_old", null, 1, NOW.minus(31, ChronoUnit.DAYS)));
            responses.insert(turn("resp_new", null, 1, NOW));

            assertEquals(1, responses.deleteCreatedBefore(NOW.minus(30, ChronoUnit.DAYS)));
            assertTrue(responses.find(OWNER, "resp_old").isEmpty());
            assertTrue(responses.find(OWNER, "resp_new").isPresent());
        }
    }
}
