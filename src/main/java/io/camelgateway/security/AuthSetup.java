package io.camelgateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.config.GatewayConfig;
import io.camelgateway.security.jwt.JwtBearerTokens;

/**
 * Builds the gateway's authentication schemes from gateway.yaml, in the order they are asked: static keys first
 * (a hash lookup), then the schemes of the {@code auth:} block, then plug-ins found on the classpath.
 */
public final class AuthSetup {
    private static final Logger LOG = LoggerFactory.getLogger(AuthSetup.class);

    private AuthSetup() {
    }

    /** @param keys the static keys, their references already resolved */
    public static AuthSchemes schemes(GatewayConfig config, List<GatewayConfig.CallerKey> keys) {
        List<AuthScheme> schemes = new ArrayList<>();
        StaticKeys staticKeys = new StaticKeys(keys);
        if (!staticKeys.isEmpty()) {
            schemes.add(staticKeys);
        }
        JwtBearerTokens.configured(config.root().section("auth")).ifPresent(schemes::add);
        for (AuthScheme plugin : ServiceLoader.load(AuthScheme.class)) {
            schemes.add(plugin);
        }
        if (schemes.isEmpty()) {
            LOG.warn("No gateway API keys or other authentication schemes are configured, so every /v1 request gets "
                    + "401. Set GATEWAY_API_KEYS=<key> or add keys to the gateway configuration.");
        } else {
            LOG.info("Authentication schemes, in the order they are asked: {}",
                    schemes.stream().map(AuthScheme::name).toList());
        }
        return new AuthSchemes(schemes);
    }
}
