package io.camelgateway.component;

import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Usage;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.provider.Target;

/**
 * One provider call as it ended, for an {@link LlmCallListener}.
 *
 * @param operation       chat or embeddings
 * @param requestedModel  the model name in the request's body: what the caller asked for (an alias, a pool, a
 *                        router model such as auto), which routing may have sent elsewhere
 * @param inputTokens     the prompt's tokens as the provider reported them, or 0 when it reported none
 * @param outputTokens    the answer's tokens as the provider reported them, or 0
 * @param failure         why the call failed (a stream: why it broke off), or null
 * @param durationNanos   from sending the request to the answer's end
 * @param firstChunkNanos for a stream, from sending the request to its first chunk; -1 for a plain answer
 * @param estimated       the provider reported no usage: the tokens are the gateway's own count (TokenEstimate)
 * @param cachedInputTokens of inputTokens, those the provider read from its prompt cache
 * @param cacheWriteTokens  of inputTokens, those the provider wrote to its prompt cache
 * @param batchPriced       a line of a batch the provider's own batch API answered: priced at its batch prices
 */
public record LlmCall(Target target, String operation, String requestedModel, int inputTokens, int outputTokens,
                      GatewayException failure, long durationNanos, long firstChunkNanos, boolean estimated,
                      int cachedInputTokens, int cacheWriteTokens, boolean batchPriced) {
    public static final String CHAT = "chat";
    public static final String EMBEDDINGS = "embeddings";

    /** A call at the model's ordinary prices. */
    public LlmCall(Target target, String operation, String requestedModel, int inputTokens, int outputTokens,
                   GatewayException failure, long durationNanos, long firstChunkNanos, boolean estimated,
                   int cachedInputTokens, int cacheWriteTokens) {
        this(target, operation, requestedModel, inputTokens, outputTokens, failure, durationNanos, firstChunkNanos,
                estimated, cachedInputTokens, cacheWriteTokens, false);
    }

    /** A call whose tokens, if any, the provider reported. */
    public LlmCall(Target target, String operation, String requestedModel, int inputTokens, int outputTokens,
                   GatewayException failure, long durationNanos, long firstChunkNanos) {
        this(target, operation, requestedModel, inputTokens, outputTokens, failure, durationNanos, firstChunkNanos,
                false);
    }

    /** A call with no prompt-cache counts. */
    public LlmCall(Target target, String operation, String requestedModel, int inputTokens, int outputTokens,
                   GatewayException failure, long durationNanos, long firstChunkNanos, boolean estimated) {
        this(target, operation, requestedModel, inputTokens, outputTokens, failure, durationNanos, firstChunkNanos,
                estimated, 0, 0);
    }

    /** A chat call whose tokens the provider reported in this usage. */
    public static LlmCall reported(Target target, String operation, String requestedModel, Usage usage,
                                   GatewayException failure, long durationNanos, long firstChunkNanos) {
        return new LlmCall(target, operation, requestedModel, usage.promptTokens, usage.completionTokens, failure,
                durationNanos, firstChunkNanos, false, usage.cachedTokens(), usage.cacheCreationTokens());
    }

    /** The same call, answered by the provider's own batch API: priced at its batch prices. */
    public LlmCall atBatchPrice() {
        return new LlmCall(target, operation, requestedModel, inputTokens, outputTokens, failure, durationNanos,
                firstChunkNanos, estimated, cachedInputTokens, cacheWriteTokens, true);
    }

    /** What the call cost at this price (its batch price, for a forwarded batch's line), cached tokens as such. */
    public double cost(GatewayConfig.Price price) {
        return (batchPriced ? price.forBatch() : price).cost(inputTokens, cachedInputTokens, cacheWriteTokens,
                outputTokens);
    }
}
