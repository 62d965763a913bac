package io.camelgateway.batch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.camelgateway.security.CallerIdentity;
import io.camelgateway.store.Database;
import io.camelgateway.store.PostgresServer;
import io.camelgateway.store.StoreSettings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a restart or a crash relies on, on H2 and on a real PostgreSQL: a line's first answer is the one kept, and
 * a crashed instance's batch goes to another once its lease lapses.
 */
class BatchRepositoryTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final CallerIdentity ALICE = new CallerIdentity("alice", "key", "research", null, null);

    private static Database open(String kind) {
        if ("postgres".equals(kind)) {
            PostgresServer postgres = PostgresServer.shared();
            return Database.open(new StoreSettings(postgres.newDatabase(), postgres.user(), postgres.password(), 2));
        }
        return Database.open(new StoreSettings("jdbc:h2:mem:batches-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                null, null, 2));
    }

    private static Batch batch(BatchRepository batches, String fileId, int lines) {
        Batch batch = new Batch(Ids.batch(), "team:research", ALICE, "/v1/chat/completions", fileId, "24h",
                Map.of("job", "nightly"), Batch.VALIDATING, lines, null, null,
                new Batch.Times(NOW, null, null, null, null, NOW.plus(Duration.ofHours(24)), null, null, null), null);
        batches.insert(batch, java.util.stream.IntStream.rangeClosed(1, lines).mapToObj(n -> new InputLine(n,
                "request-" + n, "/v1/chat/completions", "{\"model\":\"gpt-4o-mini\"}")).toList());
        return batch;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLineSentTwiceIsAnsweredOnce(String kind) {
        try (Database store = open(kind)) {
            BatchRepository batches = new BatchRepository(store);
            Batch batch = batch(batches, "file-input", 2);

            assertTrue(batches.answer(batch.id(), new BatchRepository.Answer(1, "request-1", 200, "req_first",
                    "{\"n\":1}")));
            assertFalse(batches.answer(batch.id(), new BatchRepository.Answer(1, "request-1", 500, "req_again",
                    "{\"n\":2}")), "the line run again after a crash keeps its first answer");

            assertEquals(List.of(2), batches.pending(batch.id(), 10).stream()
                    .map(BatchRepository.PendingLine::lineNo).toList());
            batches.answerPending(batch.id(), "req_cancelled_", "{\"code\":\"batch_cancelled\"}");
            List<BatchRepository.Answer> answers = batches.answers(batch.id());
            assertEquals("req_first", answers.get(0).requestId());
            assertEquals(BatchRepository.Answer.NOT_RUN, answers.get(1).statusCode());
            assertEquals("req_cancelled_2", answers.get(1).requestId());
            assertEquals(new Batch.Counts(2, 1, 1), batches.counts(batch));
            assertEquals(ALICE, batches.find("team:research", batch.id()).orElseThrow().caller());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aCrashedInstancesBatchGoesToAnotherOnceItsLeaseLapses(String kind) {
        try (Database store = open(kind)) {
            BatchRepository batches = new BatchRepository(store);
            Batch batch = batch(batches, "file-input", 1);
            Duration lease = Duration.ofSeconds(30);

            assertEquals(1, batches.claim("crashed", NOW, NOW.plus(lease)).size());
            assertTrue(batches.claim("other", NOW.plusSeconds(1), NOW.plusSeconds(1).plus(lease)).isEmpty(),
                    "held by the first instance");
            Instant lapsed = NOW.plus(lease).plusSeconds(1);
            assertEquals(batch.id(), batches.claim("other", lapsed, lapsed.plus(lease)).get(0).id());

            batches.release("other");
            assertEquals(1, batches.claim("restarted", lapsed, lapsed.plus(lease)).size(),
                    "a stopped instance's batch is taken at once");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aFileIsReadOnlyByItsOwner(String kind) {
        try (Database store = open(kind)) {
            FileRepository files = new FileRepository(store);
            byte[] content = "{\"custom_id\":\"a\"}\n".getBytes(StandardCharsets.UTF_8);
            BatchFile file = new BatchFile(Ids.file(), "team:research", BatchFile.PURPOSE_BATCH, "in.jsonl",
                    content.length, NOW, null, false);
            files.insert(file, content);

            assertArrayEquals(content, files.content("team:research", file.id()).orElseThrow());
            assertTrue(files.content("team:sales", file.id()).isEmpty());
            assertTrue(files.find("caller:alice", file.id()).isEmpty());
            assertFalse(files.delete("team:sales", file.id()));
            assertEquals(List.of(file), files.list("team:research", null, null, 10));
        }
    }
}
