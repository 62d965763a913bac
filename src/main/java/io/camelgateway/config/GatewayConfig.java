package io.camelgateway.config;

import java.util.List;
import java.util.Map;

/**
 * The data the routes use: who may call, which providers exist, and which model names map where.
 *
 * @param callerKeys gateway API keys callers present; each key is a literal or a reference (env:NAME, file:PATH)
 * @param providers  providers by name
 * @param aliases    model names callers may use, to "provider/model"
 */
public record GatewayConfig(List<CallerKey> callerKeys, Map<String, ProviderConfig> providers,
                            Map<String, String> aliases) {

    /** A caller's key and the name it is known by in logs and metrics (never the key itself). */
    public record CallerKey(String name, String key) {
        @Override
        public String toString() {
            return "CallerKey[name=" + name + "]";
        }
    }
}
