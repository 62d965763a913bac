package io.camelgateway.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Holds the next n streams after their response head, before their first event, until released: many streams open
 * at once with no answer yet, as with a provider slow to its first token, so a benchmark can open them all before
 * any of them is answered. The held list is bounded by the n asked for.
 */
final class StreamHold {
    private int toHold;
    private final List<Runnable> held = new ArrayList<>();

    /** The next {@code streams} streams are held (replacing what was asked before); 0 holds none. */
    synchronized void holdNext(int streams) {
        if (streams < 0) {
            throw new IllegalArgumentException("holdStreams must be zero or positive: " + streams);
        }
        toHold = streams;
    }

    /** True when this stream is held: {@code resume} runs when it is released. */
    synchronized boolean hold(Runnable resume) {
        if (toHold == 0) {
            return false;
        }
        toHold--;
        held.add(resume);
        return true;
    }

    synchronized int held() {
        return held.size();
    }

    synchronized int stillToHold() {
        return toHold;
    }

    /** Resumes every held stream and holds no more; returns how many were released. */
    int release() {
        List<Runnable> resumed;
        synchronized (this) {
            resumed = new ArrayList<>(held);
            held.clear();
            toHold = 0;
        }
        resumed.forEach(Runnable::run);
        return resumed.size();
    }
}
