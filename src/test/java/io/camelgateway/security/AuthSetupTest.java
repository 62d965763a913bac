package io.camelgateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelgateway.config.GatewayConfig;
import io.camelgateway.config.GatewayConfigLoader;
import io.camelgateway.credentials.CredentialStore;

class AuthSetupTest {
    private final CamelContext context = new DefaultCamelContext();
    private final CredentialStore credentials = new CredentialStore(Map.<String, String>of()::get);

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private static GatewayConfig config(String yaml) throws Exception {
        return new GatewayConfigLoader(name -> null).parse(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "gateway.yaml");
    }

    @Test
    void schemesAreAskedInTheDocumentedOrder() throws Exception {
        GatewayConfig config = config("""
                auth:
                  plugins:
                    forwarded-user: {secret: s}
                  introspection:
                    endpoint: https://idp.example.com/oauth2/introspect
                    clientId: llm-gateway
                    clientSecret: env:INTROSPECTION_SECRET
                  routes:
                    - {name: legacy-hmac, header: X-Legacy-Signature}
                """);

        AuthSchemes schemes = AuthSetup.schemes(config, List.of(new GatewayConfig.CallerKey("ci", "k")), null, credentials,
                context);

        assertEquals(List.of("key", "legacy-hmac", "introspection", "forwarded-user"),
                schemes.schemes().stream().map(AuthScheme::name).toList());
    }

    @Test
    void javaPluginsMistakeInItsBlockStopsTheGatewayNamingThePlace() throws Exception {
        GatewayConfig config = config("""
                auth:
                  plugins:
                    forwarded-user: {userHeader: X-Forwarded-User}
                """);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuthSetup.schemes(config, List.of(), null, credentials, context));
        assertEquals("gateway.yaml: auth.plugins.forwarded-user.secret: is required", e.getMessage());
    }

    @Test
    void introspectionMistakesNameThePlace() throws Exception {
        GatewayConfig config = config("""
                auth:
                  introspection:
                    endpoint: idp.example.com/oauth2/introspect
                    clientId: llm-gateway
                    clientSecret: env:INTROSPECTION_SECRET
                """);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuthSetup.schemes(config, List.of(), null, credentials, context));
        assertEquals("gateway.yaml: auth.introspection.endpoint: an http(s) URL is required", e.getMessage());
    }
}
