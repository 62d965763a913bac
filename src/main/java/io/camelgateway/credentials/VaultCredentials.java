package io.camelgateway.credentials;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provider keys held from Vault: the last value read of each reference, read again on a schedule (the refresh
 * interval, or the secret's lease when shorter) on one thread of its own, so a request never waits for Vault.
 * When Vault cannot be read, the last value read stays in use.
 */
public class VaultCredentials extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(VaultCredentials.class);
    /** More references than any gateway.yaml names: a bound on what a stream of new references could make held. */
    static final int MAX_REFERENCES = 1024;
    /** A failed read is tried again this soon, or at the refresh interval when that is sooner. */
    static final Duration RETRY = Duration.ofSeconds(10);
    /** Reads asked for on demand (a provider refused a key) come at most this often per reference. */
    static final Duration MIN_ON_DEMAND_SPACING = Duration.ofSeconds(1);

    private final Function<VaultReference, VaultKeyReader.Read> reader;
    private final AutoCloseable client;
    private final Duration interval;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vault-credentials");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<VaultReference, Held> held = new ConcurrentHashMap<>();

    public VaultCredentials(VaultSettings settings, UnaryOperator<String> references) {
        this(new VaultKeyReader(settings, references), settings.refreshInterval());
    }

    private VaultCredentials(VaultKeyReader reader, Duration interval) {
        this(reader::read, reader, interval);
    }

    VaultCredentials(Function<VaultReference, VaultKeyReader.Read> reader, AutoCloseable client, Duration interval) {
        this.reader = reader;
        this.client = client;
        this.interval = interval;
    }

    /** The last value read for the reference, or null when none was read yet. Never waits for Vault. */
    public String current(VaultReference reference) {
        Held h = held.get(reference);
        if (h == null) {
            read(reference); // first seen here: read it in the background, the provider is unconfigured meanwhile
            return null;
        }
        return h.value;
    }

    /**
     * Reads the reference now, on the refresher's thread, and on the schedule from then on; a read already under
     * way is joined. Completes with the value then held (null when none).
     */
    public CompletableFuture<String> read(VaultReference reference) {
        Held h = held(reference);
        return h == null ? CompletableFuture.completedFuture(null) : h.readSoon(false);
    }

    /**
     * As {@link #read}, for a key a provider refused: an on-demand read that follows another by less than
     * {@link #MIN_ON_DEMAND_SPACING} is not made (the value then held stands), so a provider that refuses every
     * key cannot drive the gateway to flood Vault.
     */
    public CompletableFuture<String> reread(VaultReference reference) {
        Held h = held(reference);
        return h == null ? CompletableFuture.completedFuture(null) : h.readSoon(true);
    }

    private Held held(VaultReference reference) {
        Held h = held.get(reference);
        if (h == null) {
            if (held.size() >= MAX_REFERENCES) {
                LOG.warn("{} Vault references are held already: {} is not read", MAX_REFERENCES, reference);
                return null;
            }
            h = held.computeIfAbsent(reference, Held::new);
        }
        return h;
    }

    @Override
    protected void doStop() throws Exception {
        refresher.shutdownNow();
        client.close();
    }

    /** One reference: its last value and the read that comes next. */
    private final class Held {
        private final VaultReference reference;
        private volatile String value;
        private long version;
        private long lastOnDemandNanos;
        private CompletableFuture<String> reading;
        private ScheduledFuture<?> next;

        Held(VaultReference reference) {
            this.reference = reference;
        }

        /** @param onDemand for a refused key: then an on-demand read that just ended stands */
        synchronized CompletableFuture<String> readSoon(boolean onDemand) {
            if (reading != null) {
                return reading;
            }
            if (refresher.isShutdown() || (onDemand && lastOnDemandNanos != 0
                    && System.nanoTime() - lastOnDemandNanos < MIN_ON_DEMAND_SPACING.toNanos())) {
                return CompletableFuture.completedFuture(value);
            }
            if (onDemand) {
                lastOnDemandNanos = System.nanoTime();
            }
            if (next != null) {
                next.cancel(false);
            }
            CompletableFuture<String> read = new CompletableFuture<>();
            try {
                refresher.execute(() -> read.complete(readNow()));
            } catch (RejectedExecutionException stopping) {
                return CompletableFuture.completedFuture(value);
            }
            reading = read;
            return read;
        }

        private String readNow() {
            Duration wait = interval;
            try {
                VaultKeyReader.Read read = reader.apply(reference);
                if (value == null) {
                    LOG.info("Read {} from Vault (version {})", reference, read.version());
                } else if (!value.equals(read.value())) {
                    LOG.info("{} changed in Vault: using version {} from now on (was {})", reference,
                            read.version(), version);
                }
                value = read.value();
                version = read.version();
                if (!read.lease().isZero() && read.lease().compareTo(wait) < 0) {
                    wait = read.lease(); // read again when Vault's lease on the secret ends
                }
            } catch (RuntimeException e) {
                String why = e instanceof VaultKeyReader.VaultReadException ? e.getMessage()
                        : "Reading " + reference + " from Vault failed (" + e.getClass().getSimpleName() + ")";
                LOG.warn("{}; {}", why, value == null
                        ? "the provider stays unconfigured (503) until the key can be read"
                        : "serving the last value read (version " + version + ")");
                wait = RETRY.compareTo(interval) < 0 ? RETRY : interval;
            }
            synchronized (this) {
                reading = null;
                try {
                    next = refresher.schedule(() -> readSoon(false), wait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    next = null;
                }
            }
            return value;
        }
    }
}
