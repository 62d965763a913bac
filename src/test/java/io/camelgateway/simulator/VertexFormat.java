package io.camelgateway.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import static io.camelgateway.simulator.Sim.NODES;

/**
 * Google's OAuth token endpoint for service accounts (RFC 7523's JWT bearer grant, as Google documents it for
 * server-to-server use) and Vertex AI's bearer-token check in front of the Gemini format. The assertion must be
 * signed with RS256 by the trusted key, name Google's token endpoint as its audience, ask for the cloud-platform
 * scope, and not have expired.
 */
final class VertexFormat {
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** Google documents the assertion's audience as always this, whichever endpoint the key names. */
    static final String GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";

    private VertexFormat() {
    }

    static Reply token(ProviderSimulator sim, String body) {
        Map<String, String> form = form(body);
        if (!JWT_BEARER.equals(form.get("grant_type"))) {
            return oauthError("unsupported_grant_type", "Invalid grant_type: " + form.get("grant_type"));
        }
        RSAPublicKey trusted = sim.trustedServiceAccountKey();
        try {
            SignedJWT assertion = SignedJWT.parse(form.getOrDefault("assertion", ""));
            if (trusted == null || !JWSAlgorithm.RS256.equals(assertion.getHeader().getAlgorithm())
                    || !assertion.verify(new RSASSAVerifier(trusted))) {
                return oauthError("invalid_grant", "Invalid JWT Signature.");
            }
            JWTClaimsSet claims = assertion.getJWTClaimsSet();
            Date expiry = claims.getExpirationTime();
            if (expiry == null || expiry.toInstant().isBefore(Instant.now())) {
                return oauthError("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and "
                        + "in a reasonable timeframe.");
            }
            if (!claims.getAudience().contains(GOOGLE_TOKEN_AUDIENCE)) {
                return oauthError("invalid_grant", "Invalid JWT: Failed audience check.");
            }
            if (!String.valueOf(claims.getClaim("scope")).contains("https://www.googleapis.com/auth/cloud-platform")) {
                return oauthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
            }
        } catch (Exception e) {
            return oauthError("invalid_grant", "Invalid JWT.");
        }
        ObjectNode token = NODES.objectNode();
        token.put("access_token", sim.issueAccessToken());
        token.put("expires_in", sim.accessTokenLifetime().toSeconds());
        token.put("token_type", "Bearer");
        return Reply.json(200, token);
    }

    /** Null when the bearer token is one the token endpoint issued and it has not expired. */
    static Reply checkToken(ProviderSimulator sim, String authorization) {
        String token = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7) : null;
        if (token != null && sim.accessTokenValid(token)) {
            return null;
        }
        return GeminiFormat.error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. "
                + "Expected OAuth 2 access token, login cookie or other valid authentication credential. See "
                + "https://developers.google.com/identity/sign-in/web/devconsole-project.");
    }

    private static Reply oauthError(String error, String description) {
        return Reply.json(400, NODES.objectNode().put("error", error).put("error_description", description));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
