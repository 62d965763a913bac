package io.camelgateway.cache.semantic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index stays within its bounds whatever is stored, evicting the oldest, and finds only its context's entries. */
class SemanticIndexTest {
    private final Random random = new Random(7);
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void neverHoldsMoreThanItsEntriesAndBytes() {
        SemanticIndex index = new SemanticIndex(100, 100, 64 * 1024, Duration.ofHours(1), clock);
        for (int i = 0; i < 5_000; i++) {
            index.put(entry("context-" + (i % 30), new byte[random.nextInt(2_000)]));
            assertTrue(index.size() <= 100, "entries: " + index.size());
            assertTrue(index.bytes() <= 64 * 1024, "bytes: " + index.bytes());
        }
        assertTrue(index.size() > 10, "it still keeps what fits: " + index.size());
    }

    @Test
    void aFullContextEvictsItsOwnOldestFirst() {
        SemanticIndex index = new SemanticIndex(1_000, 3, 1 << 20, Duration.ofHours(1), clock);
        float[] first = vector();
        index.put(entry("busy", first, new byte[10]));
        index.put(entry("quiet", new byte[10]));
        for (int i = 0; i < 3; i++) {
            index.put(entry("busy", new byte[10]));
        }
        assertEquals(4, index.size(), "3 in the full context, and the other context's one");
        assertTrue(index.search("busy", first, 0.999).matches().isEmpty(), "the oldest of busy is gone");
        assertEquals(1, index.search("quiet", vector(), -1).matches().size());
    }

    @Test
    void findsOnlyEntriesOfTheSameContextClosestFirst() {
        SemanticIndex index = new SemanticIndex(100, 100, 1 << 20, Duration.ofHours(1), clock);
        float[] v = vector();
        index.put(entry("mine", v, new byte[10]));
        index.put(entry("mine", vector(), new byte[10]));
        index.put(entry("other", v, new byte[10]));

        SemanticIndex.Found found = index.search("mine", v, -1);
        assertEquals(2, found.matches().size());
        assertEquals(1.0, found.matches().get(0).similarity(), 1e-5);
        assertEquals(0, index.search("nobody's", v, -1).matches().size());
        assertNull(index.search("nobody's", v, -1).closest());
    }

    @Test
    void expiredEntriesAreNotFoundAndAreDropped() {
        Instant[] now = {Instant.parse("2026-11-28T12:00:00Z")};
        Clock moving = new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now[0];
            }
        };
        SemanticIndex index = new SemanticIndex(100, 100, 1 << 20, Duration.ofMinutes(10), moving);
        float[] v = vector();
        index.put(new SemanticIndex.Entry("c", v, "q", PromptFacts.of("q"), new byte[10], 0.8, 0,
                moving.millis()));
        now[0] = now[0].plus(Duration.ofMinutes(11));

        assertTrue(index.search("c", v, -1).matches().isEmpty());
        assertEquals(0, index.size());
        assertEquals(0, index.bytes());
    }

    private SemanticIndex.Entry entry(String context, byte[] answer) {
        return entry(context, vector(), answer);
    }

    private SemanticIndex.Entry entry(String context, float[] vector, byte[] answer) {
        return new SemanticIndex.Entry(context, vector, "a question", PromptFacts.of("a question"), answer, 0.8, 0,
                clock.millis());
    }

    private float[] vector() {
        float[] v = new float[384];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
