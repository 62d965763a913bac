package io.camelgateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.config.ConfigSection;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.security.introspection.IntrospectionSettings;
import io.camelgateway.security.introspection.TokenIntrospection;
import io.camelgateway.security.plugin.RouteSchemes;
import io.camelgateway.security.jwt.JwtBearerTokens;

/**
 * Builds the gateway's authentication schemes from gateway.yaml, in the order they are asked: static keys first
 * (a hash lookup), virtual keys (another), then the schemes of the {@code auth:} block, then plug-ins found on the
 * classpath.
 */
public final class AuthSetup {
    private static final Logger LOG = LoggerFactory.getLogger(AuthSetup.class);

    private AuthSetup() {
    }

    /**
     * @param keys        the static keys, their references already resolved
     * @param virtualKeys the keys issued through the admin API, or null without a store
     * @param credentials resolves the references of the auth: block (a client secret)
     * @param context     where route plug-ins run
     */
    public static AuthSchemes schemes(GatewayConfig config, List<GatewayConfig.CallerKey> keys,
                                      VirtualKeys virtualKeys, CredentialStore credentials, CamelContext context) {
        ConfigSection auth = config.root().section("auth");
        List<AuthScheme> schemes = new ArrayList<>();
        StaticKeys staticKeys = new StaticKeys(keys);
        if (!staticKeys.isEmpty()) {
            schemes.add(staticKeys);
        }
        if (virtualKeys != null) {
            schemes.add(virtualKeys);
        }
        schemes.addAll(RouteSchemes.from(auth, context));
        JwtBearerTokens.configured(auth).ifPresent(schemes::add);
        if (auth.section("introspection").present()) {
            schemes.add(new TokenIntrospection(IntrospectionSettings.from(auth.section("introspection")), credentials));
        }
        ConfigSection plugins = auth.section("plugins");
        for (AuthScheme plugin : ServiceLoader.load(AuthScheme.class)) {
            plugin.configure(plugins.section(plugin.name()));
            schemes.add(plugin);
        }
        boolean noVirtualKeys = virtualKeys == null || virtualKeys.size() == 0;
        if (staticKeys.isEmpty() && noVirtualKeys && schemes.size() == (virtualKeys == null ? 0 : 1)) {
            LOG.warn("No gateway API keys, virtual keys or other authentication schemes are configured, so every "
                    + "/v1 request gets 401. Set GATEWAY_API_KEYS=<key> or add keys to the gateway configuration (a "
                    + "key with roles: [admin] may then issue virtual keys).");
        } else {
            LOG.info("Authentication schemes, in the order they are asked: {}",
                    schemes.stream().map(AuthScheme::name).toList());
        }
        return new AuthSchemes(schemes);
    }
}
