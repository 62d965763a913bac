package io.camelgateway.embedding;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static table of a model, made when first asked for: read from its file when a whole one of this model is
 * there, else distilled from the model on a low-priority thread of its own and then written to the file. Until it
 * is ready, {@link #ifReady()} answers null and callers use the model itself; a table that cannot be made is logged
 * and never ready.
 */
public final class StaticEmbeddingsSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StaticEmbeddingsSource.class);

    private final Supplier<StaticEmbeddingsFile> file;
    private final Supplier<SentenceEmbedder> model;
    private final Function<SentenceEmbedder, StaticEmbeddings> distil;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<StaticEmbeddings> table = new CompletableFuture<>();
    private volatile Thread maker;
    private volatile boolean closed;

    /**
     * @param file  where the table is kept (made on the background thread: the model's digest reads its 23 MB)
     * @param model the model to distil, loaded only when the file is not usable
     */
    public StaticEmbeddingsSource(Supplier<StaticEmbeddingsFile> file, Supplier<SentenceEmbedder> model) {
        this(file, model, StaticEmbeddings::distil);
    }

    /** @param distil makes the table from the model (a test distils a slice of the vocabulary) */
    StaticEmbeddingsSource(Supplier<StaticEmbeddingsFile> file, Supplier<SentenceEmbedder> model,
                           Function<SentenceEmbedder, StaticEmbeddings> distil) {
        this.file = file;
        this.model = model;
        this.distil = distil;
    }

    /** The table, or null while it is being read or made (the first call starts that). */
    public StaticEmbeddings ifReady() {
        start();
        return table.getNow(null);
    }

    /** The table once it is ready (the call starts it being read or made). */
    public CompletableFuture<StaticEmbeddings> whenReady() {
        start();
        return table;
    }

    private void start() {
        if (started.get() || !started.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(this::make, "static-embeddings");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY); // the gateway's own threads come first
        maker = thread;
        if (!closed) {
            thread.start();
        }
    }

    /** Stops a table being made (between two runs of the model); it is made again at the next start. */
    @Override
    public void close() {
        closed = true;
        Thread thread = maker;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void make() {
        try {
            StaticEmbeddingsFile kept = file.get();
            StaticEmbeddings read = kept.read().orElse(null);
            if (read != null) {
                LOG.info("Static routing table read from {}", kept.path());
                table.complete(read);
                return;
            }
            long start = System.nanoTime();
            LOG.info("Distilling the static routing table from the model, in the background; the model routes "
                    + "alone meanwhile");
            StaticEmbeddings made = distil.apply(model.get());
            LOG.info("Static routing table of {} word pieces distilled in {} ms", made.vocabularySize(),
                    (System.nanoTime() - start) / 1_000_000);
            try {
                kept.write(made);
                made.dropDistilled();
            } catch (IOException e) {
                LOG.warn("The static routing table could not be kept in {} ({}); it is used, and made again at the "
                        + "next start", kept.path(), e.toString());
            }
            table.complete(made);
        } catch (RuntimeException | Error e) {
            LOG.warn("The static routing table could not be made; the model routes alone", e);
            table.completeExceptionally(e);
        }
    }
}
