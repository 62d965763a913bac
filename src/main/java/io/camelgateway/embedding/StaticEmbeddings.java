package io.camelgateway.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.IntPredicate;

/**
 * A static sentence encoder distilled from a transformer encoder (the Model2Vec idea): every word piece of the
 * vocabulary is run through the model once, alone between [CLS] and [SEP], and its sentence vector kept. A text's
 * vector is then the weighted mean of its pieces' vectors: a table look-up per piece, microseconds of CPU where the
 * model takes milliseconds. Every piece's vector shares much with every other's (the [CLS] and [SEP] around it),
 * so the table's mean is taken out of each row, which spreads the similarities apart; and frequent pieces ("the",
 * "of", "?") say little about what a text is about, so each piece weighs by how rare it is: the vocabulary's ids
 * follow frequency, and a piece's weight grows with the log of its id (Zipf). It reads word order not at all, so
 * it is a first opinion, not the model's.
 */
public final class StaticEmbeddings {
    /** Pieces run through the model together while distilling: short runs, so other callers wait little. */
    static final int DISTILL_BATCH = 64;

    /** As distilled: what the table file keeps; dropped once kept, as the rows below are all routing needs. */
    private volatile float[] distilled;
    /** Centred, unit length and weighted: what a text's mean is taken over. */
    private final float[] vectors;
    private final int dimensions;
    private final long cls;
    private final long sep;

    /**
     * @param vectors the pieces' unit vectors, as distilled, row after row (piece id times dimensions)
     * @param cls     the [CLS] id, left out of a text's mean (as is [SEP]): every text has them
     */
    StaticEmbeddings(float[] vectors, int dimensions, long cls, long sep) {
        this.dimensions = dimensions;
        this.cls = cls;
        this.sep = sep;
        this.distilled = vectors;
        this.vectors = weighted(vectors, dimensions);
    }

    public int dimensions() {
        return dimensions;
    }

    public int vocabularySize() {
        return vectors.length / dimensions;
    }

    /** The unit-length weighted mean of the pieces' vectors ({@link SentenceEmbedder#tokenIds} gives the ids). */
    public float[] embed(long[] ids) {
        float[] sum = new float[dimensions];
        int vocabulary = vocabularySize();
        for (long id : ids) {
            if (id == cls || id == sep || id < 0 || id >= vocabulary) {
                continue;
            }
            int row = (int) id * dimensions;
            for (int d = 0; d < dimensions; d++) {
                sum[d] += vectors[row + d];
            }
        }
        return SentenceEmbedder.unitLength(sum);
    }

    /** The pieces' vectors as distilled: what the table file keeps. */
    float[] distilled() {
        float[] raw = distilled;
        if (raw == null) {
            throw new IllegalStateException("The distilled rows were dropped once kept");
        }
        return raw;
    }

    /** Once the table is on disk its rows as distilled are not needed: 47 MB less heap for MiniLM's table. */
    StaticEmbeddings dropDistilled() {
        distilled = null;
        return this;
    }

    /** A piece's weight: log of its rank, which the id follows in BERT-style vocabularies (frequent first). */
    static float weight(int id) {
        return (float) Math.log(2 + id);
    }

    private static float[] weighted(float[] raw, int dimensions) {
        int rows = raw.length / dimensions;
        double[] mean = new double[dimensions];
        int distilled = 0;
        for (int id = 0; id < rows; id++) {
            if (!blank(raw, id, dimensions)) {
                distilled++;
                for (int d = 0; d < dimensions; d++) {
                    mean[d] += raw[id * dimensions + d];
                }
            }
        }
        for (int d = 0; d < dimensions; d++) {
            mean[d] /= Math.max(1, distilled);
        }
        float[] weighted = new float[raw.length];
        for (int id = 0; id < rows; id++) {
            if (blank(raw, id, dimensions)) {
                continue;
            }
            double norm = 0;
            for (int d = 0; d < dimensions; d++) {
                double x = raw[id * dimensions + d] - mean[d];
                norm += x * x;
            }
            double scale = norm == 0 ? 0 : weight(id) / Math.sqrt(norm);
            for (int d = 0; d < dimensions; d++) {
                weighted[id * dimensions + d] = (float) ((raw[id * dimensions + d] - mean[d]) * scale);
            }
        }
        return weighted;
    }

    /** Runs every piece of the model's vocabulary through it, each alone between [CLS] and [SEP]. */
    public static StaticEmbeddings distil(SentenceEmbedder model) {
        return distil(model, model.vocabularySize(), id -> true);
    }

    /**
     * Runs the chosen pieces through the model, each alone between [CLS] and [SEP], DISTILL_BATCH at a time; the
     * others' rows stay zero and count for nothing (a test distils the pieces its texts use, not all 30,522).
     * Stops with a {@link CancellationException} when its thread is interrupted.
     */
    public static StaticEmbeddings distil(SentenceEmbedder model, int vocabulary, IntPredicate pieces) {
        long[] empty = model.tokenIds("");
        long cls = empty[0];
        long sep = empty[empty.length - 1];
        int dimensions = model.embedTokens(empty).length;
        float[] vectors = new float[vocabulary * dimensions];
        List<Integer> ids = new ArrayList<>(DISTILL_BATCH);
        for (int id = 0; id < vocabulary; id++) {
            if (pieces.test(id)) {
                ids.add(id);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("Distilling the static table was stopped");
            }
            if (ids.size() == DISTILL_BATCH || (id == vocabulary - 1 && !ids.isEmpty())) {
                List<float[]> out = model.embedTokens(ids.stream().map(i -> new long[] {cls, i, sep}).toList());
                for (int i = 0; i < out.size(); i++) {
                    System.arraycopy(out.get(i), 0, vectors, ids.get(i) * dimensions, dimensions);
                }
                ids.clear();
            }
        }
        return new StaticEmbeddings(vectors, dimensions, cls, sep);
    }

    private static boolean blank(float[] raw, int id, int dimensions) {
        for (int d = 0; d < dimensions; d++) {
            if (raw[id * dimensions + d] != 0) {
                return false;
            }
        }
        return true;
    }

    long cls() {
        return cls;
    }

    long sep() {
        return sep;
    }
}
