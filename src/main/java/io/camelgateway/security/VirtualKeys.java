package io.camelgateway.security;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.Sha256;
import io.camelgateway.store.VirtualKey;
import io.camelgateway.store.VirtualKeyRepository;

/**
 * Virtual keys ({@code sk-gw-...}), issued at run time through the admin API and kept in the store as hashes. The
 * scheme answers from memory: it holds every key's hash and state, and polls the store for what changed (on this
 * instance or another), so a revocation or a new expiry takes effect everywhere within a poll. A key it does not
 * know is not its own: the next scheme is asked.
 */
public final class VirtualKeys implements AuthScheme, AutoCloseable {
    public static final String NAME = "virtual-key";
    /** Every virtual key starts with this, so that any other credential is passed on without a lookup. */
    public static final String PREFIX = "sk-gw-";
    /** The attribute that carries the key's id, for policy rules and audit records. */
    public static final String KEY_ID = "key_id";

    private static final Logger LOG = LoggerFactory.getLogger(VirtualKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 32;
    private static final CompletableFuture<Verdict> REVOKED = CompletableFuture.completedFuture(Verdict.refused(
            "revoked", "This key was revoked. Ask the gateway's administrator for a new one."));
    private static final CompletableFuture<Verdict> EXPIRED = CompletableFuture.completedFuture(Verdict.refused(
            "expired", "This key has expired. Ask the gateway's administrator for a new one."));

    private final VirtualKeyRepository repository;
    private final Map<ByteBuffer, Known> byHash = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "virtual-keys-poll");
        thread.setDaemon(true);
        return thread;
    });
    private long revision;
    private boolean storeFailing;
    private volatile boolean closed;

    private final Duration pollEvery;

    /** Reads every key from the store, then polls it for changes. */
    public VirtualKeys(VirtualKeyRepository repository, Duration pollEvery) {
        this(repository, pollEvery, true);
    }

    private VirtualKeys(VirtualKeyRepository repository, Duration pollEvery, boolean start) {
        this.repository = repository;
        this.pollEvery = pollEvery;
        if (start) {
            start();
        }
    }

    /** Keys that the store is read for only at {@link #start}: the gateway's start-up opens the store meanwhile. */
    public static VirtualKeys startedLater(VirtualKeyRepository repository, Duration pollEvery) {
        return new VirtualKeys(repository, pollEvery, false);
    }

    /** Reads every key from the store, then polls it for changes. */
    public void start() {
        refresh();
        poller.scheduleWithFixedDelay(this::poll, pollEvery.toMillis(), pollEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A new key: the prefix and 256 random bits, URL-safe. */
    public static String newKey() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The SHA-256 of a key in lower-case hex, as the store keeps it. */
    public static String sha256(String key) {
        return Sha256.hex(key);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Verdict> authenticate(RequestHead request) {
        String key = request.apiKey();
        if (key == null || !key.startsWith(PREFIX)) {
            return AuthSchemes.NOT_MINE;
        }
        Known known = byHash.get(StaticKeys.digest(key));
        if (known == null) {
            return AuthSchemes.NOT_MINE;
        }
        if (known.key.revoked()) {
            return REVOKED;
        }
        if (known.key.expired(Instant.now())) {
            return EXPIRED;
        }
        return known.accepted;
    }

    /** The caller a live key makes, found by the key's id or name (for the policy's dry run); never by the key. */
    public Optional<CallerIdentity> holder(String idOrName) {
        Instant now = Instant.now();
        return byHash.values().stream()
                .filter(known -> !known.key.revoked() && !known.key.expired(now))
                .filter(known -> known.key.id().equals(idOrName) || idOrName.equals(known.key.name()))
                .map(known -> known.accepted.join().caller())
                .findFirst();
    }

    /** How many keys are known, revoked and expired ones included. */
    public int size() {
        return byHash.size();
    }

    /**
     * Reads what changed in the store since the last read. The admin API calls it after each write, so that its
     * own instance needs no poll to see it.
     *
     * @throws io.camelgateway.store.StoreException when the store cannot be read
     */
    public synchronized void refresh() {
        List<VirtualKey> changed = repository.changedSince(revision);
        for (VirtualKey key : changed) {
            byHash.put(ByteBuffer.wrap(HexFormat.of().parseHex(key.sha256())), new Known(key));
            revision = Math.max(revision, key.revision());
        }
    }

    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
    }

    private void poll() {
        try {
            refresh();
            if (storeFailing) {
                storeFailing = false;
                LOG.info("The store answers again: virtual keys are up to date");
            }
        } catch (RuntimeException e) {
            if (!storeFailing && !closed) {
                storeFailing = true;
                LOG.warn("Cannot read virtual keys from the store ({}): serving the {} keys known until it answers; "
                        + "revocations made meanwhile wait", e.getMessage(), byHash.size());
            }
        }
    }

    private static final class Known {
        final VirtualKey key;
        final CompletableFuture<Verdict> accepted;

        Known(VirtualKey key) {
            this.key = key;
            this.accepted = CompletableFuture.completedFuture(Verdict.accepted(new CallerIdentity(key.name(), NAME,
                    key.team(), key.roles(), Map.of(KEY_ID, List.of(key.id())))));
        }
    }
}
