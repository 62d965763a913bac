package io.camelgateway.security.jwt;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;

import io.camelgateway.config.ConfigSection;

/**
 * One token issuer the gateway trusts, as gateway.yaml's {@code auth.jwt} list describes it: where its keys are,
 * which audience and algorithms its tokens must have, and how their claims make a caller.
 *
 * @param issuer          the exact {@code iss} value of its tokens
 * @param jwks            where its JSON Web Key Set is published
 * @param audiences       a token's {@code aud} must contain one of these
 * @param algorithms      the only signature algorithms accepted (asymmetric ones: RSA and ECDSA)
 * @param clockSkew       how far {@code exp} and {@code nbf} may be off the gateway's clock
 * @param claims          which claims name the caller, their team and roles
 * @param jwksMinInterval the JWKS is fetched at most once per this interval, whatever unknown key ids arrive
 * @param jwksMaxAge      keys older than this are fetched again in the background on the next token
 * @param jwksTimeout     the longest a JWKS fetch may take, body included
 */
public record JwtIssuer(String issuer, URI jwks, Set<String> audiences, Set<JWSAlgorithm> algorithms,
                        Duration clockSkew, ClaimsMapping claims, Duration jwksMinInterval, Duration jwksMaxAge,
                        Duration jwksTimeout) {

    static final Set<JWSAlgorithm> SUPPORTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);

    public JwtIssuer {
        audiences = Set.copyOf(audiences);
        algorithms = Set.copyOf(algorithms);
    }

    /** Reads one entry of {@code auth.jwt}, naming the place in the file of anything wrong. */
    public static JwtIssuer from(ConfigSection entry) {
        String issuer = entry.requiredText("issuer");
        URI jwks = jwksUri(entry);
        List<String> audiences = entry.list("audience");
        if (audiences.isEmpty() || audiences.stream().anyMatch(String::isBlank)) {
            throw entry.invalid("audience", "is required: the audience (or list of audiences) this gateway's "
                    + "tokens are issued for, so that a token the issuer made for another application is refused");
        }
        Duration skew = entry.duration("clockSkew", Duration.ofSeconds(30));
        if (skew.isNegative() || skew.compareTo(MAX_SKEW) > 0) {
            throw entry.invalid("clockSkew", "must be between 0 and 5m");
        }
        return new JwtIssuer(issuer, jwks, Set.copyOf(audiences), algorithms(entry), skew,
                ClaimsMapping.from(entry.section("claims")),
                positive(entry, "jwksMinInterval", Duration.ofSeconds(30)),
                positive(entry, "jwksMaxAge", Duration.ofMinutes(10)),
                positive(entry, "jwksTimeout", Duration.ofSeconds(5)));
    }

    private static URI jwksUri(ConfigSection entry) {
        String text = entry.requiredText("jwks");
        try {
            URI uri = URI.create(text.trim());
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // named below
        }
        throw entry.invalid("jwks", "'" + text + "' is not an http(s) URL");
    }

    private static Set<JWSAlgorithm> algorithms(ConfigSection entry) {
        List<String> names = entry.list("algorithms");
        if (names.isEmpty()) {
            return Set.of(JWSAlgorithm.RS256);
        }
        Set<JWSAlgorithm> result = new LinkedHashSet<>();
        for (String name : names) {
            JWSAlgorithm algorithm = JWSAlgorithm.parse(name.trim());
            if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
                throw entry.invalid("algorithms", name + " is a shared-secret algorithm: a gateway that accepts it "
                        + "would accept tokens signed with the issuer's public key; use RS256 or ES256");
            }
            if (!SUPPORTED.contains(algorithm)) {
                throw entry.invalid("algorithms", "'" + name + "' is not one of " + SUPPORTED.stream()
                        .map(JWSAlgorithm::getName).sorted().toList());
            }
            result.add(algorithm);
        }
        return result;
    }

    private static Duration positive(ConfigSection entry, String field, Duration fallback) {
        Duration value = entry.duration(field, fallback);
        if (value.isZero() || value.isNegative()) {
            throw entry.invalid(field, "must be more than 0");
        }
        return value;
    }
}
