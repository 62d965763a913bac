package io.camelgateway.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs concurrent callers' texts through the sentence encoder together: one run of the model per batch is much
 * cheaper per text than one run each. A caller submits a text's word-piece ids and gets a future; a worker thread
 * takes what is waiting, up to {@code maxSize} texts, and waits for more at most until the oldest of them has
 * waited {@code maxWait}. A worker that was busy finds the texts that came meanwhile already past their wait, so
 * under load batches fill without waiting, and an idle gateway waits at most {@code maxWait}. The queue is bounded:
 * a text that finds it full gets a future failed with {@link RejectedExecutionException} at once, never a wait.
 * The model runs on the workers only, never on the callers' threads; the futures complete on a worker, so what a
 * caller chains to them must be quick.
 */
public final class EmbeddingBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingBatcher.class);

    /**
     * @param maxSize       texts in one run of the model, at most
     * @param maxWait       how long the oldest text may wait for others to join it
     * @param queueCapacity texts waiting for a worker, at most; more are refused
     * @param workers       threads running batches at the same time, each with its own predictor
     */
    public record Settings(int maxSize, Duration maxWait, int queueCapacity, int workers) {
        public Settings {
            if (maxSize < 1 || queueCapacity < 1 || workers < 1 || maxWait.isNegative()) {
                throw new IllegalArgumentException("batch max-size, queue-capacity and workers must be at least 1, "
                        + "max-wait-us at least 0: " + maxSize + ", " + queueCapacity + ", " + workers + ", "
                        + maxWait.toNanos() / 1000);
            }
        }
    }

    private record Waiting(long[] ids, long since, CompletableFuture<float[]> vector) {
    }

    private final Function<List<long[]>, List<float[]>> model;
    private final Settings settings;
    private final BlockingQueue<Waiting> queue;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean started;
    private volatile boolean closed;

    private final LongAdder batches = new LongAdder();
    private final LongAdder texts = new LongAdder();

    /**
     * @param model one run of the encoder over a batch of ids ({@link SentenceEmbedder#embedTokens(List)}); a
     *              supplier's model loads with the first batch, so a gateway that never embeds never loads it
     */
    public EmbeddingBatcher(Function<List<long[]>, List<float[]>> model, Settings settings) {
        this.model = model;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    }

    public Settings settings() {
        return settings;
    }

    /** Runs of the model so far. */
    public long batches() {
        return batches.sum();
    }

    /** Texts embedded so far: over {@link #batches()}, the mean batch size. */
    public long texts() {
        return texts.sum();
    }

    /** The embedding of these ids (from {@link SentenceEmbedder#tokenIds}), when their batch has run. */
    public CompletableFuture<float[]> submit(long[] ids) {
        if (!started) {
            start();
        }
        Waiting waiting = new Waiting(ids, System.nanoTime(), new CompletableFuture<>());
        if (closed || !queue.offer(waiting)) {
            return CompletableFuture.failedFuture(new RejectedExecutionException(closed
                    ? "The embedding batcher is closed"
                    : "The embedding queue is full: " + settings.queueCapacity() + " texts are already waiting"));
        }
        return waiting.vector();
    }

    /** The workers start with the first text, so a gateway that never embeds has none. */
    private synchronized void start() {
        if (started || closed) {
            return;
        }
        for (int i = 0; i < settings.workers(); i++) {
            Thread worker = new Thread(this::work, "embedding-batcher-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        started = true;
    }

    private void work() {
        List<Waiting> batch = new ArrayList<>(settings.maxSize());
        while (!closed) {
            try {
                fill(batch);
            } catch (InterruptedException e) {
                break;
            }
            run(batch);
            batch.clear();
        }
        failAll(batch);
    }

    /** Takes the first waiting text, then others until the batch is full or the first has waited maxWait. */
    private void fill(List<Waiting> batch) throws InterruptedException {
        Waiting first = queue.take();
        batch.add(first);
        long deadline = first.since() + settings.maxWait().toNanos();
        queue.drainTo(batch, settings.maxSize() - batch.size());
        while (batch.size() < settings.maxSize()) {
            long left = deadline - System.nanoTime();
            Waiting next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, settings.maxSize() - batch.size());
        }
    }

    private static void fail(List<Waiting> batch, Throwable failure) {
        batch.forEach(w -> w.vector().completeExceptionally(failure));
    }

    private void run(List<Waiting> batch) {
        List<float[]> vectors;
        try {
            vectors = model.apply(batch.stream().map(Waiting::ids).toList());
        } catch (RuntimeException | Error e) {
            LOG.warn("An embedding batch of {} texts failed: {}", batch.size(), e.toString());
            fail(batch, e);
            return;
        }
        batches.increment();
        texts.add(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).vector().complete(vectors.get(i));
        }
    }

    private void failAll(List<Waiting> batch) {
        List<Waiting> left = new ArrayList<>(batch);
        queue.drainTo(left);
        fail(left, new RejectedExecutionException("The embedding batcher is closed"));
    }

    /** Stops the workers; texts still waiting get a failed future. */
    @Override
    public synchronized void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
    }
}
