package io.camelgateway.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data the routes use: who may call, which providers exist, and which model names map where.
 *
 * @param callerKeys gateway API keys callers present; each key is a literal or a reference (env:NAME, file:PATH)
 * @param providers  providers by name
 * @param aliases    model names callers may use, to "provider/model"
 * @param prices     what a model's tokens cost, by "provider/model"
 * @param root       the whole file, for features that read their own block of it ({@code auth:}, {@code policy:}...)
 */
public record GatewayConfig(List<CallerKey> callerKeys, Map<String, ProviderConfig> providers,
                            Map<String, String> aliases, Map<String, Price> prices, ConfigSection root) {

    /**
     * A model's list price in USD per million tokens, for prompt (input) and completion (output) tokens, and for
     * prompt tokens read from the provider's cache (cachedInput) and written to it (cacheWrite); those two are the
     * input price unless gateway.yaml says otherwise, so that spend is never under-counted.
     */
    public record Price(double input, double output, double cachedInput, double cacheWrite, double batchInput,
                        double batchOutput) {
        /**
         * What OpenAI, Anthropic and Gemini take off a forwarded batch's tokens (their batch APIs cost half), where
         * gateway.yaml gives no batchInput and batchOutput.
         */
        public static final double PUBLISHED_BATCH_DISCOUNT = 0.5;

        public Price(double input, double output) {
            this(input, output, input, input);
        }

        /** A price whose batch prices are the published discount off these. */
        public Price(double input, double output, double cachedInput, double cacheWrite) {
            this(input, output, cachedInput, cacheWrite, input * (1 - PUBLISHED_BATCH_DISCOUNT),
                    output * (1 - PUBLISHED_BATCH_DISCOUNT));
        }

        /**
         * The price of a line of a batch forwarded to the provider's own batch API: batchInput and batchOutput, and
         * the cached prompt tokens at the same discount as the input's.
         */
        public Price forBatch() {
            double ratio = input == 0 ? 1 - PUBLISHED_BATCH_DISCOUNT : batchInput / input;
            return new Price(batchInput, batchOutput, cachedInput * ratio, cacheWrite * ratio, batchInput,
                    batchOutput);
        }

        /** The cost in USD of this many tokens, none of them cached. */
        public double cost(long inputTokens, long outputTokens) {
            return (inputTokens * input + outputTokens * output) / 1_000_000;
        }

        /**
         * The cost in USD of an answer whose input tokens include cachedTokens read from the cache and
         * cacheWriteTokens written to it.
         */
        public double cost(long inputTokens, long cachedTokens, long cacheWriteTokens, long outputTokens) {
            long uncached = Math.max(0, inputTokens - cachedTokens - cacheWriteTokens);
            return (uncached * input + cachedTokens * cachedInput + cacheWriteTokens * cacheWrite
                    + outputTokens * output) / 1_000_000;
        }
    }

    /**
     * A caller's key and the name it is known by in logs and metrics (never the key itself).
     *
     * @param team  the team the key belongs to, or null for the policy's rules to decide
     * @param roles roles such as admin
     */
    public record CallerKey(String name, String key, String team, Set<String> roles) {
        public CallerKey(String name, String key) {
            this(name, key, null, Set.of());
        }

        @Override
        public String toString() {
            return "CallerKey[name=" + name + "]";
        }
    }
}
