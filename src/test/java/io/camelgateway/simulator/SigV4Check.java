package io.camelgateway.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * Checks an AWS Signature Version 4 the way AWS does, written from AWS's public description of the algorithm
 * (canonical request, string to sign, derived signing key), independently of the SDK's signer: the canonical URI
 * encodes each path segment once more (every service but S3), headers are trimmed, the payload is hashed.
 * It answers which error AWS would give, or null when the signature holds.
 */
final class SigV4Check {
    private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/"
            + "([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofMinutes(5);

    /** The error AWS answers with: its name (x-amzn-ErrorType) and message. */
    record Refusal(String type, String message) {
    }

    private SigV4Check() {
    }

    static Refusal check(String method, String rawPath, HttpHeaders headers, byte[] body, String service,
                         Map<String, String> secrets) {
        String authorization = headers.get("authorization");
        if (authorization == null) {
            return new Refusal("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            return new Refusal("IncompleteSignatureException", "Authorization header requires 'Credential', "
                    + "'Signature' and 'SignedHeaders' parameters.");
        }
        String accessKeyId = m.group(1);
        String date = m.group(2);
        String region = m.group(3);
        String signedService = m.group(4);
        String signedHeaders = m.group(5);
        String secret = secrets.get(accessKeyId);
        if (secret == null) {
            return new Refusal("UnrecognizedClientException", "The security token included in the request is "
                    + "invalid.");
        }
        String amzDate = headers.get("x-amz-date");
        if (amzDate == null || !amzDate.startsWith(date)) {
            return mismatch();
        }
        Instant signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        if (Duration.between(signedAt, Instant.now()).abs().compareTo(SKEW) > 0) {
            return new Refusal("InvalidSignatureException", "Signature expired: " + amzDate + " is now earlier "
                    + "than the allowed window.");
        }
        if (!signedService.equals(service) || !(";" + signedHeaders + ";").contains(";host;")) {
            return mismatch();
        }
        String payloadHash = hex(sha256(body));
        String declared = headers.get("x-amz-content-sha256");
        if (declared != null && !declared.equals(payloadHash) && !declared.startsWith("UNSIGNED")) {
            return mismatch();
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            String value = headers.getAll(name).stream().map(v -> v.trim().replaceAll(" +", " "))
                    .reduce((a, b) -> a + "," + b).orElse(null);
            if (value == null) {
                return mismatch();
            }
            canonicalHeaders.append(name).append(':').append(value).append('\n');
        }
        String canonicalRequest = method + "\n" + canonicalUri(rawPath) + "\n" + "" + "\n" + canonicalHeaders
                + "\n" + signedHeaders + "\n" + (declared != null ? declared : payloadHash);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        byte[] expected = hmac(key, stringToSign);
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(m.group(6))) ? null : mismatch();
    }

    private static Refusal mismatch() {
        return new Refusal("InvalidSignatureException", "The request signature we calculated does not match the "
                + "signature you provided. Check your AWS Secret Access Key and signing method. Consult the service "
                + "documentation for details.");
    }

    /** Each segment of the path as sent (already encoded once) is URI-encoded again. */
    private static String canonicalUri(String rawPath) {
        StringBuilder out = new StringBuilder();
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            for (byte b : segments[i].getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-_.~".indexOf(c) >= 0) {
                    out.append(c);
                } else {
                    out.append('%').append(String.format("%02X", (int) c));
                }
            }
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
