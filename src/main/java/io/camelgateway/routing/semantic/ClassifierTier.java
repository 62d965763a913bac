package io.camelgateway.routing.semantic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a tier-3 classifier within a time budget, on its own small pool so a slow model cannot hold the routing
 * threads. A classification that times out, fails, or finds the pool full gives a verdict without scores and a
 * note saying why; the router then keeps tier 2's best guess.
 */
public final class ClassifierTier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierTier.class);
    /** Requests waiting for the classifier beyond this many are not queued: they keep tier 2's guess at once. */
    private static final int QUEUE = 32;

    private final IntentClassifier classifier;
    private final Duration budget;
    private final ThreadPoolExecutor pool;

    /** What tier 3 said: the scores (best first; empty when it did not answer) and, if it did not, why. */
    public record Verdict(Map<String, Double> scores, String note, long nanos) {
        public boolean answered() {
            return !scores.isEmpty();
        }
    }

    public ClassifierTier(IntentClassifier classifier, Duration budget, int threads) {
        this.classifier = classifier;
        this.budget = budget;
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "intent-classifier");
                    t.setDaemon(true);
                    return t;
                });
    }

    public Duration budget() {
        return budget;
    }

    public String describe() {
        return classifier.describe();
    }

    /** Blocks the calling thread for at most the budget. */
    public Verdict classify(String text, List<Intent> intents) {
        long start = System.nanoTime();
        Future<Map<String, Double>> answer;
        try {
            answer = pool.submit(() -> classifier.classify(text, intents));
        } catch (RejectedExecutionException e) {
            return new Verdict(Map.of(), "busy: " + QUEUE + " classifications already waiting", 0);
        }
        try {
            Map<String, Double> scores = answer.get(budget.toNanos(), TimeUnit.NANOSECONDS);
            long nanos = System.nanoTime() - start;
            return scores.isEmpty() ? new Verdict(scores, "no intent chosen", nanos) : new Verdict(scores, "", nanos);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Verdict(Map.of(), "timed out after " + budget.toMillis() + " ms", System.nanoTime() - start);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("Intent classifier {} failed: {}", classifier.describe(), cause.toString());
            return new Verdict(Map.of(), "failed: " + cause.getMessage(), System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return new Verdict(Map.of(), "interrupted", System.nanoTime() - start);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            classifier.close();
        } catch (Exception e) {
            LOG.debug("Closing the intent classifier failed", e);
        }
    }
}
