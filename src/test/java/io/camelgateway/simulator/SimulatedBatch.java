package io.camelgateway.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A batch as the simulator runs it, whatever the API it came in by: its requests, the {@link BatchPlan} in force when
 * it was made, and what time (and a cancel) has done to it.
 */
final class SimulatedBatch {
    /** What became of one request. */
    enum Outcome { ANSWERED, ERRORED, EXPIRED, CANCELLED }

    final String id;
    final List<JsonNode> requests;
    final BatchPlan plan;
    final Instant createdAt;
    private Instant cancelledAt;

    SimulatedBatch(String id, List<JsonNode> requests, BatchPlan plan) {
        this.id = id;
        this.requests = requests;
        this.plan = plan;
        this.createdAt = Instant.now();
    }

    /** Still running: not cancelled, not failed, and its time not yet up. */
    synchronized boolean running() {
        return cancelledAt == null && !plan.fail() && Instant.now().isBefore(createdAt.plus(plan.takes()));
    }

    synchronized void cancel() {
        if (running()) {
            cancelledAt = Instant.now();
        }
    }

    synchronized Instant cancelledAt() {
        return cancelledAt;
    }

    /** Some of its requests were left for its window to end. */
    boolean expired() {
        return !plan.expiredLines().isEmpty();
    }

    /** What became of the request at this place (from 0) once the batch has ended. */
    synchronized Outcome outcome(int index) {
        if (cancelledAt != null && index >= ranBeforeCancel()) {
            return Outcome.CANCELLED;
        }
        return plan.expiredLines().contains(index) ? Outcome.EXPIRED
                : plan.erroredLines().contains(index) ? Outcome.ERRORED : Outcome.ANSWERED;
    }

    /** A cancelled batch ran the first of its requests, in proportion to the time it ran of the time it would take. */
    private int ranBeforeCancel() {
        long ran = Duration.between(createdAt, cancelledAt).toMillis();
        long takes = Math.max(1, plan.takes().toMillis());
        return (int) Math.min(requests.size(), requests.size() * ran / takes);
    }
}
