package io.camelgateway.security.jwt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * An issuer's public signing keys as last fetched, each with its verifier made once, found by a token's key id and
 * algorithm. Only RSA and EC keys meant for signatures are kept: no key here can check an HMAC.
 *
 * @param fetched whether these came from the issuer at all (false before the first successful fetch)
 */
record SigningKeys(Map<String, List<SigningKey>> byKeyId, List<SigningKey> all, long fetchedAtNanos,
                   boolean fetched) {
    static final int MAX_KEYS = 64;
    static final SigningKeys NONE = new SigningKeys(Map.of(), List.of(), 0, false);

    /** One key and the verifier built from it. */
    record SigningKey(JWK key, JWSVerifier verifier) {
        boolean fits(JWSAlgorithm algorithm) {
            if (key.getAlgorithm() != null && !key.getAlgorithm().equals(algorithm)) {
                return false;
            }
            if (key instanceof RSAKey) {
                return JWSAlgorithm.Family.RSA.contains(algorithm);
            }
            return key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(algorithm)
                    && Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve());
        }
    }

    /** The usable keys of a fetched set; a key that cannot make a verifier is left out. */
    static SigningKeys of(JWKSet set, long nowNanos) {
        Map<String, List<SigningKey>> byKeyId = new HashMap<>();
        List<SigningKey> all = new ArrayList<>();
        for (JWK key : set.getKeys()) {
            if (all.size() == MAX_KEYS) {
                break;
            }
            if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                continue;
            }
            JWSVerifier verifier = verifier(key);
            if (verifier != null) {
                SigningKey signingKey = new SigningKey(key, verifier);
                all.add(signingKey);
                if (key.getKeyID() != null) {
                    byKeyId.computeIfAbsent(key.getKeyID(), id -> new ArrayList<>()).add(signingKey);
                }
            }
        }
        return new SigningKeys(Map.copyOf(byKeyId), List.copyOf(all), nowNanos, true);
    }

    /**
     * The key that checks a token with this header: the one with its key id that fits its algorithm, or, for a token
     * without a key id, the only key that fits; null when there is none.
     */
    SigningKey find(JWSHeader header) {
        String keyId = header.getKeyID();
        List<SigningKey> candidates = keyId == null ? all : byKeyId.getOrDefault(keyId, List.of());
        SigningKey found = null;
        for (SigningKey candidate : candidates) {
            if (candidate.fits(header.getAlgorithm())) {
                if (keyId != null) {
                    return candidate;
                }
                if (found != null) {
                    return null;
                }
                found = candidate;
            }
        }
        return found;
    }

    List<String> keyIds() {
        return all.stream().map(k -> k.key().getKeyID() == null ? "(none)" : k.key().getKeyID()).toList();
    }

    private static JWSVerifier verifier(JWK key) {
        try {
            if (key instanceof RSAKey rsa) {
                return new RSASSAVerifier(rsa);
            }
            if (key instanceof ECKey ec) {
                return new ECDSAVerifier(ec);
            }
        } catch (JOSEException e) {
            return null;
        }
        return null;
    }
}
