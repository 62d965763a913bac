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

    /** A model's list price in USD per million tokens, for prompt (input) and completion (output) tokens. */
    public record Price(double input, double output) {
        /** The cost in USD of this many tokens. */
        public double cost(long inputTokens, long outputTokens) {
            return (inputTokens * input + outputTokens * output) / 1_000_000;
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
