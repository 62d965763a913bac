package io.camelgateway.security.jwt;

import static io.camelgateway.security.jwt.JwtSchemes.caller;
import static io.camelgateway.security.jwt.JwtSchemes.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;

import io.camelgateway.security.AuthSchemes;
import io.camelgateway.security.CallerIdentity;

/** Who a good token makes the caller, with one issuer or several, and what gateway.yaml must say. */
class JwtBearerTokensTest {
    private final TestIssuer issuer = new TestIssuer("https://login.example.com/");

    @AfterEach
    void close() {
        issuer.close();
    }

    @Test
    void claimsMakeTheCallerAsMapped() throws Exception {
        AuthSchemes schemes = JwtSchemes.fromYaml(issuer.config(
                "claims: {name: preferred_username, team: team, roles: realm_access.roles}"));
        String token = issuer.token(issuer.claims().claim("preferred_username", "alice")
                .claim("team", List.of("research", "ops"))
                .claim("realm_access", Map.of("roles", List.of("admin", "user")))
                .claim("https://example.com/tier", "gold").claim("email_verified", true).build());

        CallerIdentity caller = caller(schemes, token);

        assertEquals("alice", caller.name());
        assertEquals("jwt", caller.scheme());
        assertEquals("research", caller.team());
        assertEquals(Set.of("admin", "user"), caller.roles());
        assertEquals(List.of("admin", "user"), caller.attributes().get("realm_access.roles"));
        assertEquals(List.of("research", "ops"), caller.attributes().get("team"));
        assertEquals(List.of("gold"), caller.attributes().get("https://example.com/tier"));
        assertEquals(List.of("true"), caller.attributes().get("email_verified"));
        assertEquals(List.of(TestIssuer.AUDIENCE), caller.attributes().get("aud"));
        assertEquals(List.of(TestIssuer.SUBJECT), caller.attributes().get("sub"));
    }

    @Test
    void byDefaultTheSubjectNamesTheCallerWithoutTeamOrRoles() throws Exception {
        AuthSchemes schemes = JwtSchemes.fromYaml(issuer.config());

        CallerIdentity caller = caller(schemes, issuer.token(issuer.claims().claim("roles", List.of("admin")).build()));

        assertEquals(TestIssuer.SUBJECT, caller.name());
        assertNull(caller.team());
        assertEquals(Set.of(), caller.roles(), "roles come only from the claim the configuration names");
    }

    @Test
    void tokenWithoutTheNameClaimIsRefused() {
        AuthSchemes schemes = JwtSchemes.fromYaml(issuer.config());

        assertEquals(401, refusal(schemes, issuer.token(issuer.claims().subject(null).build())).status());
    }

    @Test
    void eachOfSeveralIssuersIsCheckedWithItsOwnKeysAndAlgorithms() throws Exception {
        ECKey ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        try (JwksServer second = JwksServer.start()) {
            second.publish(List.of(ecKey));
            AuthSchemes schemes = JwtSchemes.fromYaml(issuer.config() + """
                        - issuer: https://tenant.example.net/v2.0
                          jwks: %s
                          audience: [api://gateway, llm-gateway]
                          algorithms: [ES256]
                          claims: {name: oid}
                    """.formatted(second.jwksUrl()));
            SignedJWT ecToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
                    issuer.claims().issuer("https://tenant.example.net/v2.0").audience("api://gateway")
                            .claim("oid", "0b7c-object-id").build());
            ecToken.sign(new ECDSASigner(ecKey));

            assertEquals("0b7c-object-id", caller(schemes, ecToken.serialize()).name());
            assertEquals(TestIssuer.SUBJECT, caller(schemes, issuer.token()).name());
            assertEquals("ci",
                    caller(schemes, JwtSchemes.STATIC_KEY).name(), "static keys still work beside JWTs");
            String rsaTokenForTheEcIssuer = issuer.token(issuer.claims().issuer("https://tenant.example.net/v2.0")
                    .audience("api://gateway").claim("oid", "x").build());
            assertEquals(401, refusal(schemes, rsaTokenForTheEcIssuer).status(), "RS256 is not allowed for it");
        }
    }

    @Test
    void configurationNamesWhatIsWrongAndWhere() {
        String hmac = assertThrows(IllegalArgumentException.class,
                () -> JwtSchemes.fromYaml(issuer.config("algorithms: [RS256, HS256]"))).getMessage();
        assertTrue(hmac.startsWith("gateway.yaml: auth.jwt[0].algorithms: HS256 is a shared-secret algorithm"), hmac);

        String none = assertThrows(IllegalArgumentException.class,
                () -> JwtSchemes.fromYaml(issuer.config("algorithms: none"))).getMessage();
        assertTrue(none.startsWith("gateway.yaml: auth.jwt[0].algorithms: 'none' is not one of"), none);

        String audience = assertThrows(IllegalArgumentException.class, () -> JwtSchemes.fromYaml(
                "auth:\n  jwt:\n    - issuer: https://x.example/\n      jwks: https://x.example/keys\n")).getMessage();
        assertTrue(audience.startsWith("gateway.yaml: auth.jwt[0].audience: is required"), audience);

        String twice = assertThrows(IllegalArgumentException.class, () -> JwtSchemes.fromYaml(issuer.config()
                + issuer.config().substring("auth:\n  jwt:\n".length()))).getMessage();
        assertTrue(twice.startsWith("gateway.yaml: auth.jwt: an issuer is listed twice"), twice);

        String jwks = assertThrows(IllegalArgumentException.class, () -> JwtSchemes.fromYaml(
                "auth:\n  jwt:\n    - issuer: https://x.example/\n      jwks: file:/etc/keys\n      audience: a\n"))
                .getMessage();
        assertTrue(jwks.startsWith("gateway.yaml: auth.jwt[0].jwks: 'file:/etc/keys' is not an http(s) URL"), jwks);
    }
}
