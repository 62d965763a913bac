package io.camelgateway.embedding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The static table on disk: made once, reused at the next start, and never trusted when it is cut short, damaged
 * or another model's. The tables here are small and made up: what is tested is the keeping, not the model.
 */
class StaticEmbeddingsFileTest {
    private static final byte[] MODEL = new byte[32];
    private static final byte[] OTHER_MODEL = new byte[32];

    static {
        MODEL[0] = 1;
        OTHER_MODEL[0] = 2;
    }

    @TempDir
    Path folder;

    private static StaticEmbeddings madeUp(long seed) {
        Random random = new Random(seed);
        int pieces = 300;
        int dimensions = 16;
        float[] vectors = new float[pieces * dimensions];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) random.nextGaussian();
        }
        return new StaticEmbeddings(vectors, dimensions, 101, 102);
    }

    private static final long[] TEXT = {101, 7, 250, 42, 42, 102};

    private StaticEmbeddingsFile file() {
        return new StaticEmbeddingsFile(folder, "test-model", MODEL);
    }

    @Test
    void aTableWrittenIsReadBackTheSame() throws IOException {
        StaticEmbeddings table = madeUp(1);
        file().write(table);
        StaticEmbeddings read = file().read().orElseThrow();
        assertArrayEquals(table.embed(TEXT), read.embed(TEXT));
        assertEquals(table.vocabularySize(), read.vocabularySize());
    }

    @Test
    void aFileCutShortIsNotTrusted() throws IOException {
        file().write(madeUp(1));
        byte[] whole = Files.readAllBytes(file().path());
        Files.write(file().path(), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertTrue(file().read().isEmpty());
    }

    @Test
    void aDamagedFileIsNotTrusted() throws IOException {
        file().write(madeUp(1));
        byte[] bytes = Files.readAllBytes(file().path());
        bytes[bytes.length / 2] ^= 0x10; // one bit of one float: the size and header are still right
        Files.write(file().path(), bytes);
        assertTrue(file().read().isEmpty());
    }

    @Test
    void anotherModelsTableIsNotUsed() throws IOException {
        StaticEmbeddingsFile other = new StaticEmbeddingsFile(folder, "test-model", OTHER_MODEL);
        other.write(madeUp(1));
        assertTrue(file().read().isEmpty());
        Files.copy(other.path(), file().path()); // even under this model's name, its header says whose it is
        assertTrue(file().read().isEmpty());
    }

    @Test
    void theTableIsReusedAtTheNextStartWithoutTheModel() throws Exception {
        AtomicInteger distilled = new AtomicInteger();
        StaticEmbeddings made = madeUp(1);
        StaticEmbeddings first = new StaticEmbeddingsSource(this::file, () -> null, model -> {
            distilled.incrementAndGet();
            return made;
        }).whenReady().get(10, TimeUnit.SECONDS);
        assertEquals(1, distilled.get());

        StaticEmbeddings second = new StaticEmbeddingsSource(this::file, () -> {
            throw new AssertionError("the model is not needed when the file is whole");
        }, model -> {
            distilled.incrementAndGet();
            return madeUp(2);
        }).whenReady().get(10, TimeUnit.SECONDS);
        assertEquals(1, distilled.get());
        assertArrayEquals(first.embed(TEXT), second.embed(TEXT));
    }

    @Test
    void aCorruptFileIsMadeAgainAndReplaced() throws Exception {
        Files.createDirectories(file().path().getParent());
        Files.write(file().path(), new byte[] {'G', 'W', 'S', 'T', 'A', 'T', 'I', 'C', 0, 0, 0, 1});
        StaticEmbeddings made = madeUp(3);
        StaticEmbeddings ready = new StaticEmbeddingsSource(this::file, () -> null, model -> made)
                .whenReady().get(10, TimeUnit.SECONDS);
        assertArrayEquals(made.embed(TEXT), ready.embed(TEXT));
        assertArrayEquals(made.embed(TEXT), file().read().orElseThrow().embed(TEXT));
    }

    @Test
    void nothingIsReadyWhileTheTableIsBeingMade() throws Exception {
        CountDownLatch distilling = new CountDownLatch(1);
        StaticEmbeddingsSource source = new StaticEmbeddingsSource(this::file, () -> null, model -> {
            try {
                distilling.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return madeUp(1);
        });
        assertNull(source.ifReady());
        assertNull(source.ifReady());
        distilling.countDown();
        source.whenReady().get(10, TimeUnit.SECONDS);
        assertArrayEquals(madeUp(1).embed(TEXT), source.ifReady().embed(TEXT));
    }
}
