package io.camelgateway.guardrail.pii;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/** What the guard found in one text or request: how many values of each kind; never the values. */
public final class PiiReport {
    private final Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);

    void add(PiiKind kind) {
        counts.merge(kind, 1, Integer::sum);
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    public Map<PiiKind, Integer> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** The kinds found, by their ids, in a fixed order: "email, card". */
    public String kinds() {
        return counts.keySet().stream().map(PiiKind::id).collect(Collectors.joining(", "));
    }

    /** Counts by kind id, for the audit record and the dry run. */
    public Map<String, Integer> byId() {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        counts.forEach((kind, n) -> out.put(kind.id(), n));
        return out;
    }
}
