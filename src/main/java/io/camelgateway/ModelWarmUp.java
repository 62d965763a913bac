package io.camelgateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the local models the gateway may need, one after the other on a background thread, once the context has
 * started: the start-up does not wait for them, and the first request that needs one finds it loaded or waits only
 * for the rest of its load (each is a {@link Lazy}, loaded once whoever asks first). /health/ready reports them.
 */
public final class ModelWarmUp extends EventNotifierSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ModelWarmUp.class);
    static final String WAITING = "waiting";
    static final String LOADING = "loading";
    static final String LOADED = "loaded";
    /** The start of a model's state when its load failed; the reason follows. */
    public static final String FAILED = "failed";
    /** What a model's state is when gateway.models.warm-up is false: it loads for the first request that needs it. */
    static final String ON_FIRST_USE = "on first use";

    private final boolean enabled;
    private final Map<String, Runnable> loads = new LinkedHashMap<>();
    private final Map<String, String> states = new LinkedHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();

    /** @param enabled gateway.models.warm-up: false leaves every model to load on first use */
    public ModelWarmUp(boolean enabled) {
        this.enabled = enabled;
    }

    /** A model to load after the start, in the order added. */
    public synchronized void add(String name, Runnable load) {
        loads.put(name, load);
        states.put(name, enabled ? WAITING : ON_FIRST_USE);
    }

    /** Each model's state: waiting, loading, loaded, on first use, or failed with the reason. */
    public synchronized Map<String, String> states() {
        return new LinkedHashMap<>(states);
    }

    /** Whether a model is still to be loaded by the warm-up. */
    public synchronized boolean warming() {
        return states.containsValue(WAITING) || states.containsValue(LOADING);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return enabled && event.getType() == CamelEvent.Type.CamelContextStarted;
    }

    @Override
    public void notify(CamelEvent event) {
        if (started.compareAndSet(false, true) && !loads.isEmpty()) {
            Thread loader = new Thread(this::loadAll, "model-warm-up");
            loader.setDaemon(true);
            loader.start();
        }
    }

    private void loadAll() {
        Map<String, Runnable> toLoad;
        synchronized (this) {
            toLoad = new LinkedHashMap<>(loads);
        }
        toLoad.forEach((name, load) -> {
            setState(name, LOADING);
            long began = System.nanoTime();
            try {
                load.run();
                setState(name, LOADED);
                LOG.info("Local model {} loaded in the background in {} ms", name, (System.nanoTime() - began) / 1_000_000);
            } catch (RuntimeException e) {
                setState(name, FAILED + ": " + GatewayMain.reasons(e));
                LOG.warn("Local model {} did not load: {}", name, GatewayMain.reasons(e));
            }
        });
    }

    private synchronized void setState(String name, String state) {
        states.put(name, state);
    }
}
