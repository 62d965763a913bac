package io.camelgateway.provider.bedrock;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import io.camelgateway.api.Json;

/**
 * Reads a static AWS credential from the text a credential reference holds: the JSON that {@code aws configure
 * export-credentials --format process} prints and {@code credential_process} uses
 * ({"Version":1,"AccessKeyId":...,"SecretAccessKey":...,"SessionToken":...}); the session token is optional.
 */
final class AwsKeys {
    /** The credential value that asks for AWS's default credential chain instead of a static key. */
    static final String DEFAULT_CHAIN = "aws-default-chain";

    private AwsKeys() {
    }

    /** @throws IllegalArgumentException naming what is missing, never quoting the text */
    static AwsCredentialsIdentity parse(String text) {
        JsonNode json;
        try {
            json = Json.tree(text);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("the credential is not a JSON object with AccessKeyId and "
                    + "SecretAccessKey (the output of 'aws configure export-credentials --format process')");
        }
        String id = json.path("AccessKeyId").asText("");
        String secret = json.path("SecretAccessKey").asText("");
        String token = json.path("SessionToken").asText("");
        if (id.isEmpty() || secret.isEmpty()) {
            throw new IllegalArgumentException("the credential lacks " + (id.isEmpty() ? "AccessKeyId" : "SecretAccessKey"));
        }
        return token.isEmpty() ? AwsCredentialsIdentity.create(id, secret)
                : AwsSessionCredentialsIdentity.create(id, secret, token);
    }
}
