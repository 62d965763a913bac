package io.camelgateway.reload;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which route files the last reload could not load, and why: what /health/ready reports. A file that loads
 * again is cleared.
 */
public class RouteFileStatus {
    private final Map<String, String> failures = new TreeMap<>();

    synchronized void loaded(String file) {
        failures.remove(file);
    }

    synchronized void failed(String file, String reason) {
        failures.put(file, reason);
    }

    /** The files whose last edit was not loaded (their previous routes still serve), with the reason. */
    public synchronized Map<String, String> failures() {
        return Map.copyOf(failures);
    }
}
