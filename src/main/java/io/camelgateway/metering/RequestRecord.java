package io.camelgateway.metering;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.component.LlmCall;

/**
 * One request to the gateway as metering, the audit log and budgets read it once its answer has ended (a stream:
 * its last chunk): who asked for what, who served it, how it ended, and its tokens and cost summed over every
 * provider call it made (retries, a pool's tries, a fan-out's members and judge). Made by the ingress route's
 * first step, filled by each provider call as it ends and by that step at the end, then handed to the
 * {@link RequestEndListener}s. Never holds a key or a token.
 */
public final class RequestRecord {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRecord.class);
    /** The cache status of a request no cache looked at (none configured, or not a chat request). */
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
    private final Map<String, Object> guardrails = new LinkedHashMap<>();

    private volatile Outcome outcome;
    private volatile String cacheStatus = CACHE_NONE;
    private volatile double cacheSavedUsd;
    private final List<Consumer<RequestRecord>> onEnd = new CopyOnWriteArrayList<>();

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

    /** What a guardrail found and did (its action, score or kinds and counts; never the caller's text), by its name. */
    public synchronized void guardrail(String name, Map<String, Object> outcome) {
        guardrails.put(name, outcome);
    }

    /** Each guardrail's outcome, by name; empty when none ran. */
    public synchronized Map<String, Object> guardrails() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(guardrails));
    }

    /** The request has ended so: then what a route step asked to be told of that runs ({@link #onEnd}). */
    public void end(Outcome ended) {
        this.outcome = ended;
        for (Consumer<RequestRecord> listener : onEnd) {
            try {
                listener.accept(this);
            } catch (RuntimeException e) {
                LOG.warn("Request {}: a step's end-of-answer action failed", requestId, e);
            }
        }
    }

    /**
     * Adds what to do once the answer has ended (a stream: its last chunk or its error), with this record's outcome
     * and cost then known; on the thread that ended it (keep it short). The cache keeps a whole answer so.
     */
    public void onEnd(Consumer<RequestRecord> listener) {
        onEnd.add(listener);
    }

    /**
     * What a response cache did: hit, miss, bypass (semantic for the semantic cache), and for a hit what the answer
     * cost when it was made, which this request saved.
     */
    public void cache(String status, double savedUsd) {
        this.cacheStatus = status;
        this.cacheSavedUsd = savedUsd;
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
        return cacheStatus;
    }

    /** For a cache hit, what the answer cost when it was made; else 0. */
    public double cacheSavedUsd() {
        return cacheSavedUsd;
    }
}
