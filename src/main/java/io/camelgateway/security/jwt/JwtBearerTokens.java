package io.camelgateway.security.jwt;

import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.text.ParseException;
import java.time.Duration;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import io.camelgateway.api.GatewayException;
import io.camelgateway.config.ConfigSection;
import io.camelgateway.security.AuthScheme;
import io.camelgateway.security.AuthSchemes;
import io.camelgateway.security.CallerIdentity;
import io.camelgateway.security.RequestHead;
import io.camelgateway.security.Verdict;

/**
 * JWT bearer tokens of the issuers in gateway.yaml's {@code auth.jwt}. A token is this scheme's when it is a JWS
 * (three base64url parts) whose {@code iss} is one of them; it is accepted when its algorithm is one the issuer
 * allows, its signature checks with one of the issuer's published keys, its {@code aud} names this gateway, and
 * {@code exp} and {@code nbf} hold within the clock skew. The key is found by the token's {@code kid} among keys
 * fetched from the issuer's JWKS URL; the {@code jku}, {@code x5u}, {@code jwk} and {@code x5c} headers are never
 * read. With the keys in memory the verdict is immediate; an unknown key id waits for a (rate-limited) fetch. A token
 * accepted before is recognised by its digest while it and its issuer's keys hold ({@link VerifiedTokens}).
 */
public final class JwtBearerTokens implements AuthScheme {
    public static final String NAME = ClaimsMapping.JWT;
    /** Longer tokens are refused unread; Netty's default limit on a request's headers is 8 KiB too. */
    static final int MAX_TOKEN_CHARS = 8 * 1024;
    private static final int MAX_KEY_ID_CHARS = 256;

    private record Issuer(JwtIssuer settings, IssuerKeys keys) {
    }

    private final Map<String, Issuer> issuers;
    private final VerifiedTokens verified = new VerifiedTokens();

    public JwtBearerTokens(List<JwtIssuer> issuers, HttpClient client) {
        JwksFetch fetch = new JwksFetch(client);
        Map<String, Issuer> byName = new LinkedHashMap<>();
        for (JwtIssuer issuer : issuers) {
            byName.put(issuer.issuer(), new Issuer(issuer, new IssuerKeys(issuer, fetch, System::nanoTime)));
        }
        this.issuers = Collections.unmodifiableMap(byName);
        this.issuers.values().forEach(issuer -> issuer.keys().refreshed());
    }

    /** The scheme for gateway.yaml's {@code auth.jwt} list, when it has any issuer. */
    public static Optional<JwtBearerTokens> configured(ConfigSection auth) {
        List<JwtIssuer> issuers = auth.sections("jwt").stream().map(JwtIssuer::from).toList();
        if (issuers.stream().map(JwtIssuer::issuer).distinct().count() < issuers.size()) {
            throw auth.invalid("jwt", "an issuer is listed twice; list each issuer once, with all its audiences");
        }
        if (issuers.isEmpty()) {
            return Optional.empty();
        }
        Duration connectTimeout = issuers.stream().map(JwtIssuer::jwksTimeout).max(Duration::compareTo).orElseThrow();
        return Optional.of(new JwtBearerTokens(issuers, JwksFetch.newClient(connectTimeout)));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Verdict> authenticate(RequestHead request) {
        String token = request.bearerToken();
        if (token == null || !looksLikeJws(token)) {
            return AuthSchemes.NOT_MINE;
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            return refused("oversized");
        }
        ByteBuffer digest = VerifiedTokens.digest(token);
        CallerIdentity known = verified.find(digest, System.currentTimeMillis());
        if (known != null) {
            return CompletableFuture.completedFuture(Verdict.accepted(known));
        }
        JWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = JWTParser.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException notAJwt) {
            return AuthSchemes.NOT_MINE;
        }
        Issuer issuer = claims.getIssuer() == null ? null : issuers.get(claims.getIssuer());
        if (issuer == null) {
            return AuthSchemes.NOT_MINE;
        }
        if (!(jwt instanceof SignedJWT signed)) {
            return refused("unsigned");
        }
        JWSHeader header = signed.getHeader();
        String problem = problem(issuer.settings(), header, claims);
        if (problem != null) {
            return refused(problem);
        }
        SigningKeys keys = issuer.keys().current();
        SigningKeys.SigningKey key = keys.find(header);
        if (key != null) {
            return CompletableFuture.completedFuture(verified(signed, claims, issuer, keys, key, digest));
        }
        if (header.getKeyID() != null && header.getKeyID().length() > MAX_KEY_ID_CHARS) {
            return refused("unknown_key");
        }
        return issuer.keys().refreshed().thenApply(fresh -> {
            SigningKeys.SigningKey fetched = fresh.find(header);
            if (fetched != null) {
                return verified(signed, claims, issuer, fresh, fetched, digest);
            }
            return fresh.fetched() ? refusal("unknown_key")
                    : Verdict.refused(NAME + ":no_keys", keysUnavailable(issuer.keys().secondsUntilNextFetch()));
        });
    }

    /** What is wrong with a token's algorithm and claims, before its signature is checked; null when nothing. */
    private static String problem(JwtIssuer issuer, JWSHeader header, JWTClaimsSet claims) {
        if (!issuer.algorithms().contains(header.getAlgorithm())) {
            return "algorithm_not_allowed";
        }
        long now = System.currentTimeMillis();
        long skew = issuer.clockSkew().toMillis();
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            return "no_expiry";
        }
        if (now > expires.getTime() + skew) {
            return "expired";
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now < notBefore.getTime() - skew) {
            return "not_yet_valid";
        }
        if (Collections.disjoint(claims.getAudience(), issuer.audiences())) {
            return "wrong_audience";
        }
        return null;
    }

    /** The verdict on a token whose claims passed, by its signature; an accepted one is remembered. */
    private Verdict verified(SignedJWT token, JWTClaimsSet claims, Issuer issuer, SigningKeys keys,
                             SigningKeys.SigningKey key, ByteBuffer digest) {
        try {
            if (!token.verify(key.verifier())) {
                return refusal("bad_signature");
            }
        } catch (JOSEException | IllegalStateException e) {
            return refusal("bad_signature");
        }
        CallerIdentity caller = issuer.settings().claims().caller(claims.getClaims());
        if (caller == null) {
            return refusal("no_name_claim");
        }
        verified.add(digest, caller, issuer.keys(), keys,
                claims.getExpirationTime().getTime() + issuer.settings().clockSkew().toMillis());
        return Verdict.accepted(caller);
    }

    /** Three base64url parts, the first two not empty (an unsigned token's third part is). */
    static boolean looksLikeJws(String token) {
        if (!token.startsWith("eyJ")) {
            return false;
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            return token.indexOf('.') > 0;
        }
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (++dots > 2 || token.charAt(i - 1) == '.' && dots == 2) {
                    return false;
                }
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
                    || c == '_')) {
                return false;
            }
        }
        return dots == 2;
    }

    private static CompletableFuture<Verdict> refused(String reason) {
        return CompletableFuture.completedFuture(refusal(reason));
    }

    /** The same answer for every reason, as RFC 6750's invalid_token: the reason goes only to the log. */
    private static Verdict refusal(String reason) {
        return Verdict.refused(NAME + ":" + reason, new GatewayException(401, "invalid_request_error",
                "invalid_token", "The bearer token is not valid: it is malformed, expired, not yet valid, not signed "
                        + "by a key of its issuer, or not issued for this gateway."));
    }

    private static GatewayException keysUnavailable(long retryAfterSeconds) {
        return new GatewayException(503, "server_error", "authentication_unavailable", null,
                "The gateway cannot fetch the token issuer's signing keys right now; try again shortly.",
                Long.toString(retryAfterSeconds), null);
    }
}
