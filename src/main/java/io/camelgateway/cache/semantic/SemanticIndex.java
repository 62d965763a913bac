package io.camelgateway.cache.semantic;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.camelgateway.embedding.SentenceEmbedder;

/**
 * The semantic cache's vector index, in process: entries grouped by context fingerprint, searched by brute-force
 * cosine within one group only. Bounded three ways, evicting the oldest entry first: entries in all, entries per
 * fingerprint, and bytes (vectors, prompts and answers as stored). Entries older than the time to live are never
 * returned and are dropped when met.
 */
public final class SemanticIndex {
    /** About what each entry and its bookkeeping cost besides its vector and texts. */
    private static final int ENTRY_OVERHEAD_BYTES = 256;

    private final int maxEntries;
    private final int maxPerContext;
    private final long maxBytes;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<String, ArrayDeque<Entry>> byContext = new HashMap<>();
    private final LinkedHashSet<Entry> oldestFirst = new LinkedHashSet<>();
    private long bytes;

    public SemanticIndex(int maxEntries, int maxPerContext, long maxBytes, Duration timeToLive, Clock clock) {
        if (maxEntries < 1 || maxPerContext < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("The semantic cache's bounds must be positive");
        }
        this.maxEntries = maxEntries;
        this.maxPerContext = maxPerContext;
        this.maxBytes = maxBytes;
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    /**
     * A stored question and its whole answer.
     *
     * @param answer    the whole answer as JSON, so that each hit reads its own copy
     * @param threshold the similarity the route that stored it asks for, which the dry run applies
     * @param costUsd   what the answer cost when it was made: what each hit saves
     */
    public record Entry(String fingerprint, float[] vector, String prompt, PromptFacts facts, byte[] answer,
                        double threshold, double costUsd, long storedAtMillis) {
        long weight() {
            return ENTRY_OVERHEAD_BYTES + 4L * vector.length + 2L * prompt.length() + answer.length;
        }

        /** Each stored entry is itself only: the index's sets and queues compare them by identity, not contents. */
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** A stored entry and how close its prompt is to the one looked up. */
    public record Match(Entry entry, double similarity) {
    }

    /**
     * What a search found in one context: the entries at least as similar as asked, closest first, and the closest
     * entry of all (null when the context holds none).
     */
    public record Found(List<Match> matches, Match closest) {
    }

    /** Searches the entries of this context (at most maxPerContext of them) for those at least minSimilarity close. */
    public synchronized Found search(String fingerprint, float[] vector, double minSimilarity) {
        ArrayDeque<Entry> entries = byContext.get(fingerprint);
        if (entries == null) {
            return new Found(List.of(), null);
        }
        long oldestAlive = clock.millis() - timeToLive.toMillis();
        List<Match> matches = new ArrayList<>();
        Entry closest = null;
        double closestSimilarity = Double.NEGATIVE_INFINITY;
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.storedAtMillis() < oldestAlive) {
                it.remove();
                forget(entry);
                continue;
            }
            double similarity = SentenceEmbedder.cosine(entry.vector(), vector);
            if (similarity >= minSimilarity) {
                matches.add(new Match(entry, similarity));
            }
            if (similarity > closestSimilarity) {
                closest = entry;
                closestSimilarity = similarity;
            }
        }
        if (entries.isEmpty()) {
            byContext.remove(fingerprint);
        }
        matches.sort(Comparator.comparingDouble(Match::similarity).reversed());
        return new Found(matches, closest == null ? null : new Match(closest, closestSimilarity));
    }

    /** Stores the entry, evicting the oldest (of its context first, then of all) to stay within the bounds. */
    public synchronized void put(Entry entry) {
        if (entry.weight() > maxBytes) {
            return;
        }
        ArrayDeque<Entry> entries = byContext.computeIfAbsent(entry.fingerprint(), k -> new ArrayDeque<>());
        if (entries.size() >= maxPerContext) {
            forget(entries.removeFirst());
        }
        entries.addLast(entry);
        oldestFirst.add(entry);
        bytes += entry.weight();
        while (oldestFirst.size() > maxEntries || bytes > maxBytes) {
            Entry oldest = oldestFirst.iterator().next();
            ArrayDeque<Entry> group = byContext.get(oldest.fingerprint());
            group.remove(oldest);
            if (group.isEmpty()) {
                byContext.remove(oldest.fingerprint());
            }
            forget(oldest);
        }
    }

    public synchronized int size() {
        return oldestFirst.size();
    }

    /** About how many bytes the entries take, as counted against the bound. */
    public synchronized long bytes() {
        return bytes;
    }

    public synchronized void clear() {
        byContext.clear();
        oldestFirst.clear();
        bytes = 0;
    }

    private void forget(Entry entry) {
        oldestFirst.remove(entry);
        bytes -= entry.weight();
    }
}
