package io.camelgateway.security.jwt;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.camelgateway.api.GatewayException;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.security.AuthSchemes;
import io.camelgateway.security.AuthSetup;
import io.camelgateway.security.CallerIdentity;
import io.camelgateway.security.TestRequestHead;

/** The gateway's authentication chain as gateway.yaml text makes it, and what it answers a bearer token. */
public final class JwtSchemes {
    public static final String STATIC_KEY = "gw-static-key";
    /** What every refused token is told, whatever check it failed. */
    public static final String INVALID_TOKEN = "The bearer token is not valid: it is malformed, expired, not yet "
            + "valid, not signed by a key of its issuer, or not issued for this gateway.";
    /** Distinct tokens enough that, sent in turn, each is checked afresh: more than the scheme remembers. */
    public static final int MORE_TOKENS_THAN_REMEMBERED = 2 * VerifiedTokens.MAX_ENTRIES;

    private JwtSchemes() {
    }

    /** The schemes of a gateway.yaml with this text and one static key. */
    public static AuthSchemes fromYaml(String yaml) {
        try {
            GatewayConfig config = new GatewayConfigLoader(name -> null).parse(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "gateway.yaml");
            return AuthSetup.schemes(config, List.of(new GatewayConfig.CallerKey("ci", STATIC_KEY)), null,
                    new CredentialStore(name -> null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CallerIdentity caller(AuthSchemes schemes, String token) throws Exception {
        return schemes.authenticate(TestRequestHead.bearer(token)).get(5, TimeUnit.SECONDS);
    }

    public static GatewayException refusal(AuthSchemes schemes, String token) {
        CompletableFuture<CallerIdentity> caller = schemes.authenticate(TestRequestHead.bearer(token));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> caller.get(5, TimeUnit.SECONDS));
        return assertInstanceOf(GatewayException.class, failed.getCause());
    }
}
