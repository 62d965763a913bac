package io.camelgateway.security.jwt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * A token issuer for tests: RSA keys it publishes on its own {@link JwksServer}, and tokens it signs with the newest
 * one. Its tokens name the subject {@value #SUBJECT}, so a test can look for it in the logs.
 */
public final class TestIssuer implements AutoCloseable {
    public static final String AUDIENCE = "llm-gateway";
    public static final String SUBJECT = "subject-5c8e1f";

    private final String issuer;
    private final JwksServer jwks;
    private final List<RSAKey> keys = new ArrayList<>();
    private int generated;

    public TestIssuer(String issuer) {
        this(issuer, JwksServer.start());
    }

    private TestIssuer(String issuer, JwksServer jwks) {
        this.issuer = issuer;
        this.jwks = jwks;
        rotate(false);
    }

    /**
     * An issuer to try JWT callers with on one machine (docs/security.md): it publishes its key at
     * http://127.0.0.1:PORT/jwks.json until stopped, and prints a token valid for an hour.
     * Arguments: PORT [SUBJECT [TEAM [ROLE,ROLE...]]]
     */
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        TestIssuer issuer = new TestIssuer("http://127.0.0.1:" + port + "/", JwksServer.start(port));
        JWTClaimsSet.Builder claims = issuer.claims().subject(args.length > 1 ? args[1] : "dev-user")
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)));
        if (args.length > 2) {
            claims.claim("team", args[2]);
        }
        if (args.length > 3) {
            claims.claim("roles", List.of(args[3].split(",")));
        }
        System.out.println(issuer.token(claims.build()));
    }

    public String issuer() {
        return issuer;
    }

    public JwksServer jwks() {
        return jwks;
    }

    /** The key tokens are signed with now. */
    public RSAKey key() {
        return keys.get(keys.size() - 1);
    }

    /** A new signing key, published; the old ones stay published only if {@code keepOld}. */
    public RSAKey rotate(boolean keepOld) {
        RSAKey key = newKey("key-" + ++generated);
        if (!keepOld) {
            keys.clear();
        }
        keys.add(key);
        jwks.publish(keys);
        return key;
    }

    /** Claims that pass: this issuer, the gateway's audience, the subject, valid for five minutes from now. */
    public JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).subject(SUBJECT)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    public String token() {
        return token(claims().build());
    }

    public String token(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key().getKeyID()).build(), claims, key());
    }

    /** gateway.yaml's {@code auth.jwt} block with this issuer, and these more fields of it. */
    public String config(String... more) {
        StringBuilder yaml = new StringBuilder("auth:\n  jwt:\n    - issuer: ").append(issuer)
                .append("\n      jwks: ").append(jwks.jwksUrl()).append("\n      audience: ").append(AUDIENCE)
                .append('\n');
        for (String field : more) {
            yaml.append("      ").append(field).append('\n');
        }
        return yaml.toString();
    }

    public static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(JWSHeader header, JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT token = new SignedJWT(header, claims);
            token.sign(new RSASSASigner(key));
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        jwks.close();
    }
}
