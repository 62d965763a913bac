package io.camelgateway.security.jwt;

import static io.camelgateway.security.jwt.JwtSchemes.caller;
import static io.camelgateway.security.jwt.JwtSchemes.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.camelgateway.api.GatewayException;
import io.camelgateway.e2e.LogCapture;
import io.camelgateway.security.AuthSchemes;
import io.camelgateway.security.TestRequestHead;

/**
 * The attacks on JWT bearer tokens that issue 10 lists, each through the gateway's authentication chain. Every
 * refusal is the same 401 invalid_token, whatever check failed; the check goes to the log as a reason category, and
 * neither the token nor its claims ever do.
 */
class JwtAttacksTest {

    private final TestIssuer issuer = new TestIssuer("https://login.example.com/");
    private final LogCapture logs = new LogCapture();
    private AuthSchemes schemes = JwtSchemes.fromYaml(issuer.config());

    @AfterEach
    void close() {
        logs.close();
        issuer.close();
    }

    /** Refused as invalid_token, for this reason in the log, and neither the token nor a claim logged. */
    private void assertRefused(String token, String reason) {
        GatewayException refused = refusal(schemes, token);
        assertEquals(401, refused.status());
        assertEquals("invalid_token", refused.code());
        assertEquals(JwtSchemes.INVALID_TOKEN, refused.getMessage());
        assertTrue(logs.lines().stream().anyMatch(line -> line.endsWith(": jwt:" + reason)),
                "expected the reason jwt:" + reason + " in " + logs.lines());
        assertNothingOfTheTokenLogged(token);
    }

    private void assertNothingOfTheTokenLogged(String token) {
        for (String line : logs.lines()) {
            for (String part : token.split("\\.")) {
                assertFalse(!part.isEmpty() && line.contains(part.substring(0, Math.min(part.length(), 24))),
                        "a part of the token was logged: " + line);
            }
            assertFalse(line.contains(TestIssuer.SUBJECT), "a claim was logged: " + line);
        }
    }

    /** The keys are in memory once a good token has been checked. */
    private void keysFetched() throws Exception {
        assertEquals(TestIssuer.SUBJECT, caller(schemes, issuer.token()).name());
    }

    @Test
    void unsignedTokenWithAlgNoneIsRefused() {
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = base64Url(issuer.claims().build().toString());

        assertRefused(header + "." + payload + ".", "unsigned");
    }

    @Test
    void hs256SignedWithTheIssuersPublicKeyIsRefused() throws Exception {
        keysFetched();
        RSAKey published = issuer.key().toPublicJWK();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(published.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        for (byte[] secret : List.of(published.toRSAPublicKey().getEncoded(), pem.getBytes(StandardCharsets.UTF_8),
                published.toJSONString().getBytes(StandardCharsets.UTF_8))) {
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                    .keyID(published.getKeyID()).build(), issuer.claims().build());
            forged.sign(new MACSigner(secret));

            assertRefused(forged.serialize(), "algorithm_not_allowed");
        }
    }

    @Test
    void expiredTokenIsRefusedButOneWithinTheClockSkewIsNot() throws Exception {
        Instant now = Instant.now();
        assertRefused(issuer.token(issuer.claims().expirationTime(Date.from(now.minusSeconds(60))).build()),
                "expired");
        String withinSkew = issuer.token(issuer.claims().expirationTime(Date.from(now.minusSeconds(10))).build());
        assertEquals(TestIssuer.SUBJECT, caller(schemes, withinSkew).name());
    }

    @Test
    void tokenAcceptedBeforeIsRefusedOnceExpired() throws Exception {
        schemes = JwtSchemes.fromYaml(issuer.config("clockSkew: 0s"));
        long expiry = Instant.now().getEpochSecond() + 2;
        String token = issuer.token(issuer.claims().expirationTime(Date.from(Instant.ofEpochSecond(expiry))).build());
        assertEquals(TestIssuer.SUBJECT, caller(schemes, token).name());

        Thread.sleep(Math.max(0, (expiry + 1) * 1000 - System.currentTimeMillis()));
        assertRefused(token, "expired");
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        assertRefused(issuer.token(issuer.claims().expirationTime(null).build()), "no_expiry");
    }

    @Test
    void notYetValidTokenIsRefused() {
        Date inTwoMinutes = Date.from(Instant.now().plusSeconds(120));
        assertRefused(issuer.token(issuer.claims().notBeforeTime(inTwoMinutes).build()), "not_yet_valid");
    }

    @Test
    void tokenOfAnotherIssuerIsNotTakenForThisOnesEvenWithItsKey() {
        String token = issuer.token(issuer.claims().issuer("https://login.example.com.evil.test/").build());

        GatewayException refused = refusal(schemes, token);
        assertEquals(401, refused.status());
        assertTrue(logs.lines().stream().anyMatch(line -> line.endsWith(": unknown_credential")), logs.lines()::toString);
        assertNothingOfTheTokenLogged(token);
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        assertRefused(issuer.token(issuer.claims().audience(List.of("another-app", "billing")).build()),
                "wrong_audience");
        assertRefused(issuer.token(issuer.claims().audience((String) null).build()), "wrong_audience");
    }

    @Test
    void tamperedPayloadIsRefused() throws Exception {
        keysFetched();
        String[] parts = issuer.token().split("\\.");
        Map<String, Object> claims = issuer.claims().claim("roles", List.of("admin")).build().toJSONObject();
        String tampered = parts[0] + "." + Base64URL.encode(new JWTClaimsSet.Builder(JWTClaimsSet.parse(claims))
                .build().toString()) + "." + parts[2];

        assertRefused(tampered, "bad_signature");
    }

    @Test
    void unknownKeyIdFetchesTheKeysOnceThenIsRefusedAtOnce() throws Exception {
        schemes = JwtSchemes.fromYaml(issuer.config("jwksMinInterval: 1s"));
        keysFetched();
        RSAKey stranger = TestIssuer.newKey("stranger");
        String token = TestIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").build(),
                issuer.claims().build(), stranger);
        Thread.sleep(1100);
        int fetches = issuer.jwks().requests().size();

        assertRefused(token, "unknown_key");
        assertEquals(fetches + 1, issuer.jwks().requests().size(), "one fetch for the unknown key id");

        String another = TestIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger-2").build(),
                issuer.claims().build(), stranger);
        assertTrue(schemes.authenticate(TestRequestHead.bearer(another)).isCompletedExceptionally(),
                "refused on the request head: no second fetch within the minimum interval");
        assertEquals(fetches + 1, issuer.jwks().requests().size());
    }

    @Test
    void keyIdWithPathCharactersIsOnlyAnUnknownKeyId() throws Exception {
        keysFetched();
        String token = TestIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("../../etc/passwd").build(),
                issuer.claims().build(), issuer.key());

        assertRefused(token, "unknown_key");
        assertTrue(issuer.jwks().requests().stream().allMatch("/jwks.json"::equals), issuer.jwks().requests()::toString);
    }

    @Test
    void keyUrlsAndKeysInTheTokenHeaderAreNeverFetchedNorTrusted() throws Exception {
        keysFetched();
        try (JwksServer attacker = JwksServer.start()) {
            RSAKey attackerKey = TestIssuer.newKey("attacker");
            attacker.publish(List.of(attackerKey));
            JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .jwkURL(java.net.URI.create(attacker.jwksUrl()))
                    .x509CertURL(java.net.URI.create(attacker.url("/cert.pem")))
                    .jwk(attackerKey.toPublicJWK());

            assertRefused(TestIssuer.sign(header.keyID("attacker").build(), issuer.claims().build(), attackerKey),
                    "unknown_key");
            assertRefused(TestIssuer.sign(header.keyID(issuer.key().getKeyID()).build(), issuer.claims().build(),
                    attackerKey), "bad_signature");
            assertEquals(List.of(), attacker.requests(), "the attacker's server was contacted");
        }
    }

    @Test
    void hundredKilobyteTokenIsRefusedUnread() throws Exception {
        String huge = issuer.token(issuer.claims().claim("padding", "x".repeat(100 * 1024)).build());
        keysFetched(); // the start-up fetch, which may still be under way, is not the one this test looks for
        int fetches = issuer.jwks().requests().size();

        assertTrue(schemes.authenticate(TestRequestHead.bearer(huge)).isCompletedExceptionally(),
                "refused on the request head");
        assertRefused(huge, "oversized");
        assertEquals(fetches, issuer.jwks().requests().size());
    }

    @Test
    void whileTheJwksIsDownCachedKeysWorkAndNewKeyIdsFailFast() throws Exception {
        schemes = JwtSchemes.fromYaml(issuer.config("jwksMinInterval: 100ms", "jwksTimeout: 500ms"));
        keysFetched();
        String known = issuer.token();
        RSAKey newKey = TestIssuer.newKey("not-yet-published");
        String unknown = TestIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("not-yet-published").build(),
                issuer.claims().build(), newKey);

        for (JwksServer.Mode down : List.of(JwksServer.Mode.DOWN, JwksServer.Mode.HANGING)) {
            issuer.jwks().mode(down);
            Thread.sleep(150);
            assertTrue(schemes.authenticate(TestRequestHead.bearer(known)).isDone(), "decided from the cached keys");
            assertEquals(TestIssuer.SUBJECT, caller(schemes, known).name());

            Thread.sleep(150);
            long start = System.nanoTime();
            assertRefused(unknown, "unknown_key");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofMillis(1500)) < 0, down + ": took " + took);
        }
    }

    @Test
    void issuerWhoseKeysWereNeverFetchedIsA503ThatSaysWhenToRetry() throws Exception {
        issuer.jwks().mode(JwksServer.Mode.DOWN);
        schemes = JwtSchemes.fromYaml(issuer.config("jwksMinInterval: 30s"));

        GatewayException refused = refusal(schemes, issuer.token());
        assertEquals(503, refused.status());
        assertEquals("authentication_unavailable", refused.code());
        assertTrue(Integer.parseInt(refused.retryAfter()) > 0 && Integer.parseInt(refused.retryAfter()) <= 30,
                refused.retryAfter());
        assertNothingOfTheTokenLogged(issuer.token());
    }

    @Test
    void keyRotatedAtTheIssuerIsAcceptedAfterARefreshWithoutRestart() throws Exception {
        schemes = JwtSchemes.fromYaml(issuer.config("jwksMinInterval: 100ms"));
        keysFetched();
        String oldKeyToken = issuer.token(issuer.claims().claim("jti", "old").build());
        assertEquals(TestIssuer.SUBJECT, caller(schemes, oldKeyToken).name());
        issuer.rotate(false);
        Thread.sleep(150);

        assertEquals(TestIssuer.SUBJECT, caller(schemes, issuer.token()).name());
        assertTrue(schemes.authenticate(TestRequestHead.bearer(issuer.token())).isDone(), "the new key is in memory");
        Thread.sleep(150);
        assertRefused(oldKeyToken, "unknown_key");
    }

    private static String base64Url(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
