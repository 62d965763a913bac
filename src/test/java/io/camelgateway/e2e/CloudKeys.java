package io.camelgateway.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

import io.camelgateway.api.Json;
import io.camelgateway.simulator.ProviderSimulator;

/**
 * The test gateway's cloud credentials, as a user would keep them: bedrock.json in AWS's credential_process shape
 * with the simulator's AWS key, and Google service-account keys (vertex.json, vertex-brief.json, one RSA key pair
 * told apart by their key ids) whose token_uri is the simulator's token endpoint, which trusts their public key.
 */
final class CloudKeys {
    private static final KeyPair SERVICE_ACCOUNT = generate();

    private CloudKeys() {
    }

    static void write(ProviderSimulator simulator, Path dir) throws IOException {
        Files.writeString(dir.resolve("bedrock.json"), Json.writeString(java.util.Map.of("Version", 1,
                "AccessKeyId", ProviderSimulator.AWS_ACCESS_KEY_ID,
                "SecretAccessKey", ProviderSimulator.AWS_SECRET_ACCESS_KEY)));
        simulator.trustServiceAccountKey((RSAPublicKey) SERVICE_ACCOUNT.getPublic());
        Files.writeString(dir.resolve("vertex.json"), serviceAccountKey(simulator, "sim-key-1"));
        Files.writeString(dir.resolve("vertex-brief.json"), serviceAccountKey(simulator, "sim-key-2"));
    }

    private static String serviceAccountKey(ProviderSimulator simulator, String keyId) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(SERVICE_ACCOUNT.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        java.util.Map<String, Object> key = new java.util.LinkedHashMap<>();
        key.put("type", "service_account");
        key.put("project_id", "sim-project");
        key.put("private_key_id", keyId);
        key.put("private_key", pem);
        key.put("client_email", "gateway@sim-project.iam.gserviceaccount.com");
        key.put("client_id", "100000000000000000001");
        key.put("token_uri", simulator.baseUrl() + "/token");
        return Json.writeString(key);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
