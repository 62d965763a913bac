package io.camelgateway.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the batches in the store, a few lines at a time, through the gateway's own flow ({@link LineCaller}). One
 * thread decides (claims the batches' leases, picks lines, finishes batches); at most {@code concurrency} lines are
 * under way at once, on their own threads, so batches never take more of the providers than that.
 * <p>
 * A line's answer is in the store the moment it arrives, written once: a restarted gateway goes on with the lines
 * that have none. A line under way when the gateway stops uncleanly is sent again (at least once to the provider)
 * but answered once in the output (exactly once in the file).
 */
public final class BatchRunner extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    /** How the runner is set: gateway.batches.* in gateway-defaults.properties. */
    public record Settings(int concurrency, Duration poll, Duration lease) {
    }

    private final BatchRepository batches;
    private final CamelContext context;
    private ProducerTemplate template;
    private LineCaller caller;
    private final Settings settings;
    private final String instance = "gw-" + UUID.randomUUID();
    /** The lines running now, as batch id#line: as many as the concurrency in use. */
    private final Set<String> underWay = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService decider;
    private ExecutorService lines;
    /** The batches this instance held at its last claim; read and written on the decider's thread only. */
    private List<Batch> held = List.of();
    private volatile boolean halted;
    private volatile Instant pausedUntil = Instant.MIN;

    BatchRunner(BatchRepository batches, CamelContext context, Settings settings) {
        this.batches = batches;
        this.context = context;
        this.settings = settings;
    }

    @Override
    protected void doStart() {
        template = context.createProducerTemplate();
        caller = new LineCaller(template);
        decider = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "batch-runner"));
        AtomicInteger n = new AtomicInteger();
        lines = new ThreadPoolExecutor(settings.concurrency(), settings.concurrency(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(settings.concurrency()),
                runnable -> daemon(runnable, "batch-line-" + n.incrementAndGet()));
        decider.scheduleWithFixedDelay(this::tick, settings.poll().toMillis(), settings.poll().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes no more lines: called as the gateway begins to stop, before its routes do, so that a line failing
     * because the routes are going away is not taken for its answer.
     */
    public void halt() {
        halted = true;
        if (decider != null) {
            decider.shutdown();
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        halt();
        decider.awaitTermination(5, TimeUnit.SECONDS);
        lines.shutdown();
        if (!lines.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("Batch lines still under way at stop; they run again at the next start");
        }
        template.stop();
        try {
            batches.release(instance);
        } catch (RuntimeException e) {
            LOG.warn("Could not give up the batches' leases ({}); another instance takes them once they lapse",
                    e.getMessage());
        }
    }

    private void tick() {
        try {
            Instant now = Instant.now();
            held = batches.claim(instance, now, now.plus(settings.lease()));
            if (!now.isBefore(pausedUntil)) {
                fill();
            }
        } catch (RuntimeException e) {
            LOG.warn("Batches: {}", e.getMessage());
        }
    }

    /** Starts lines while there is room, and ends the batches that are done; on the decider's thread. */
    private void fill() {
        List<Batch> next = new ArrayList<>();
        for (Batch batch : held) {
            if (halted) {
                return;
            }
            Instant now = Instant.now();
            switch (batch.status()) {
                case Batch.VALIDATING -> {
                    batches.markInProgress(batch.id(), now);
                    if (start(batch)) {
                        next.add(batch);
                    }
                }
                case Batch.CANCELLING -> {
                    if (!hasLinesUnderWay(batch)) {
                        end(batch, Batch.CANCELLED, "batch_cancelled",
                                "The batch was cancelled before this request ran.");
                    } else {
                        next.add(batch);
                    }
                }
                default -> {
                    if (now.isAfter(batch.times().expiresAt())) {
                        if (!hasLinesUnderWay(batch)) {
                            end(batch, Batch.EXPIRED, "batch_expired",
                                    "The batch's completion window ended before this request ran.");
                        } else {
                            next.add(batch);
                        }
                    } else if (start(batch)) {
                        next.add(batch);
                    }
                }
            }
        }
        held = next;
    }

    /** @return false when the batch is done (and now ended) */
    private boolean start(Batch batch) {
        int room = settings.concurrency() - underWay.size();
        long mine = underWay.stream().filter(key -> key.startsWith(batch.id() + "#")).count();
        if (room <= 0) {
            return true;
        }
        List<BatchRepository.PendingLine> pending = batches.pending(batch.id(), room + (int) mine);
        if (pending.isEmpty() && mine == 0) {
            end(batch, Batch.COMPLETED, null, null);
            return false;
        }
        for (BatchRepository.PendingLine line : pending) {
            if (room == 0) {
                break;
            }
            if (underWay.add(key(batch, line))) {
                room--;
                lines.execute(() -> run(batch, line));
            }
        }
        return true;
    }

    private void run(Batch batch, BatchRepository.PendingLine line) {
        try {
            BatchRepository.Answer answer = halted ? null : caller.call(batch.caller(), line);
            boolean failed = answer == null || answer.statusCode() < 200 || answer.statusCode() >= 300;
            if (answer == null) {
                pausedUntil = Instant.now().plus(settings.poll()); // no room in the gateway for now: wait a tick
            } else if (halted && failed) {
                LOG.debug("Batch {} line {} failed while the gateway stops; it runs again at the next start",
                        batch.id(), line.lineNo());
            } else {
                batches.answer(batch.id(), answer);
            }
        } catch (RuntimeException e) {
            LOG.warn("Batch {} line {}: {}; it runs again", batch.id(), line.lineNo(), e.toString());
        } finally {
            // On the decider's thread, as its reading of the pending lines: a line leaves "under way" only after its
            // answer is committed, so it is never picked again.
            try {
                decider.execute(() -> {
                    underWay.remove(key(batch, line));
                    if (!halted && !Instant.now().isBefore(pausedUntil)) {
                        try {
                            fill();
                        } catch (RuntimeException e) {
                            LOG.warn("Batches: {}", e.getMessage());
                        }
                    }
                });
            } catch (RejectedExecutionException stopping) {
                // the runner is stopping: nothing more is picked
            }
        }
    }

    private void end(Batch batch, String status, String code, String message) {
        BatchEnding.end(batches, batch, status, code, message);
    }

    private boolean hasLinesUnderWay(Batch batch) {
        return underWay.stream().anyMatch(key -> key.startsWith(batch.id() + "#"));
    }

    private static String key(Batch batch, BatchRepository.PendingLine line) {
        return batch.id() + "#" + line.lineNo();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
