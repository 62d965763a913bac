package io.camelgateway.simulator;

import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How the simulator's batch APIs run the batches made after it is set ({@link ProviderSimulator#planBatches}, or
 * POST /_sim/batches with the same fields in JSON): how long a batch takes, whether it fails, and which of its lines
 * (by their place in the batch, from 0) are answered with an error or left unrun when it expires.
 *
 * @param takes        how long a batch stays in progress before it ends
 * @param fail         the batch fails validation (OpenAI's failed status, its errors listed)
 * @param erroredLines lines answered with a 400 error
 * @param expiredLines lines the batch never runs: the batch expires, and these are in its error file as expired
 */
public record BatchPlan(Duration takes, boolean fail, Set<Integer> erroredLines, Set<Integer> expiredLines) {
    public static final BatchPlan QUICK = new BatchPlan(Duration.ZERO, false, Set.of(), Set.of());

    public static BatchPlan taking(Duration takes) {
        return new BatchPlan(takes, false, Set.of(), Set.of());
    }

    public BatchPlan withErrors(Set<Integer> lines) {
        return new BatchPlan(takes, fail, lines, expiredLines);
    }

    public BatchPlan withExpired(Set<Integer> lines) {
        return new BatchPlan(takes, fail, erroredLines, lines);
    }

    public BatchPlan failing() {
        return new BatchPlan(takes, true, erroredLines, expiredLines);
    }

    static BatchPlan fromJson(JsonNode json) {
        return new BatchPlan(Duration.ofMillis(json.path("takesMs").asLong(0)), json.path("fail").asBoolean(false),
                numbers(json.path("erroredLines")), numbers(json.path("expiredLines")));
    }

    private static Set<Integer> numbers(JsonNode array) {
        java.util.Set<Integer> set = new java.util.TreeSet<>();
        array.forEach(n -> set.add(n.asInt()));
        return Set.copyOf(set);
    }
}
