package io.camelgateway.resilience.order;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The strategies a pool may name, and the names they go by in route files. */
public enum PoolStrategy {
    FAILOVER, ROUND_ROBIN, WEIGHTED, LEAST_LATENCY, COST;

    /** The strategy a route file names ("round-robin"); an unknown name is refused with the list of valid ones. */
    public static PoolStrategy named(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (PoolStrategy strategy : values()) {
            if (strategy.label().equals(wanted)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("Unknown pool strategy '" + name + "'; use one of " + Arrays.stream(values())
                .map(PoolStrategy::label).collect(Collectors.joining(", ")));
    }

    /** The name a route file uses: "least-latency". */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
