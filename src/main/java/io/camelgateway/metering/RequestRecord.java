package io.camelgateway.metering;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.camelgateway.component.LlmCall;

/**
 * One request to the gateway as metering, the audit log and budgets read it once its answer has ended (a stream:
 * its last chunk): who asked for what, who served it, how it ended, and its tokens and cost summed over every
 * provider call it made (retries, a pool's tries, a fan-out's members and judge). Made by the ingress route's
 * first step, filled by each provider call as it ends and by that step at the end, then handed to the
 * {@link RequestEndListener}s. Never holds a key or a token.
 */
public final class RequestRecord {
    /** The cache status until the gateway has a cache. */
    public static final String CACHE_NONE = "none";

    private final String requestId;
    private final Instant time;
    private final long startNanos;
    private final String operation;
    private final String endpoint;

    private String requestedModel;
    private int inputTokens;
    private int outputTokens;
    private boolean estimated;
    private double costUsd;
    private long firstChunkNanos = -1;
    private int calls;
    private String prompt;
    private String answer;
    private final Map<String, Object> guards = new LinkedHashMap<>();

    private volatile Outcome outcome;

    /**
     * How the request ended.
     *
     * @param caller    the caller's name (a key's name, a token's subject), or null when none was established
     * @param attempts  provider calls tried, retries and a pool's tries included (0 when none was made)
     * @param errorCode the OpenAI-shaped error's code, or null for a success
     */
    public record Outcome(String caller, String team, String scheme, String requestedModel, String intent,
                          String tier, String pool, int attempts, String provider, String servedModel, int status,
                          String errorCode, long latencyNanos) {
    }

    /**
     * @param requestId the x-request-id the answer carries
     * @param operation chat or embeddings
     * @param endpoint  the URL path asked, /v1/chat/completions say
     */
    public RequestRecord(String requestId, String operation, String endpoint) {
        this.requestId = requestId;
        this.operation = operation;
        this.endpoint = endpoint;
        this.time = Instant.now();
        this.startNanos = System.nanoTime();
    }

    /** Adds a provider call's tokens, cost and (a stream's) time to its first chunk. */
    public synchronized void add(LlmCall call, double callCostUsd) {
        calls++;
        if (requestedModel == null) {
            requestedModel = call.requestedModel();
        }
        inputTokens += call.inputTokens();
        outputTokens += call.outputTokens();
        estimated |= call.estimated() && call.inputTokens() + call.outputTokens() > 0;
        costUsd += callCostUsd;
        if (call.firstChunkNanos() >= 0) {
            firstChunkNanos = call.firstChunkNanos();
        }
    }

    /** Keeps the prompt's and answer's text (already redacted), for an audit log that asked for them. */
    public synchronized void text(String promptText, String answerText) {
        if (promptText != null) {
            prompt = promptText;
        }
        if (answerText != null) {
            answer = answerText;
        }
    }

    /** What a guardrail did to the request (kinds and counts, never a value), under the guard's name. */
    public synchronized void guard(String name, Map<String, Object> outcome) {
        guards.put(name, outcome);
    }

    /** Each guardrail's outcome by its name; empty when none acted. */
    public synchronized Map<String, Object> guards() {
        return new LinkedHashMap<>(guards);
    }

    public void end(Outcome ended) {
        this.outcome = ended;
    }

    public String requestId() {
        return requestId;
    }

    public Instant time() {
        return time;
    }

    public long startNanos() {
        return startNanos;
    }

    public String operation() {
        return operation;
    }

    public String endpoint() {
        return endpoint;
    }

    /** The model name the caller asked for (an alias, a pool, auto), once a provider call was made. */
    public synchronized String requestedModel() {
        return requestedModel;
    }

    public synchronized int inputTokens() {
        return inputTokens;
    }

    public synchronized int outputTokens() {
        return outputTokens;
    }

    /** True when some of the tokens are the gateway's count, because a provider reported none. */
    public synchronized boolean estimated() {
        return estimated;
    }

    public synchronized double costUsd() {
        return costUsd;
    }

    /** From sending the request to a stream's first chunk, or -1 for a plain answer. */
    public synchronized long firstChunkNanos() {
        return firstChunkNanos;
    }

    /** Provider calls that ended, failed ones included. */
    public synchronized int calls() {
        return calls;
    }

    public synchronized String prompt() {
        return prompt;
    }

    public synchronized String answer() {
        return answer;
    }

    /** How it ended; null until it has. */
    public Outcome outcome() {
        return outcome;
    }

    public String cacheStatus() {
        return CACHE_NONE;
    }
}
