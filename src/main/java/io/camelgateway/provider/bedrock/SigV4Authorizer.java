package io.camelgateway.provider.bedrock;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import io.camelgateway.api.GatewayException;
import io.camelgateway.credentials.Credential;
import io.camelgateway.provider.CallAuthorizer;
import io.camelgateway.provider.RefreshedAhead;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamFailures;

/**
 * Signs Bedrock calls with AWS Signature Version 4 (the AWS SDK's {@link AwsV4HttpSigner}, service "bedrock", the
 * provider's region), over the whole request body: the gateway sends its request bodies whole, so no chunked or
 * event-stream request signing is needed (only the answer streams). Signing is computation only, done on the
 * caller's thread. The key is the credential's JSON ({@link AwsKeys}), or, for {@value AwsKeys#DEFAULT_CHAIN},
 * what AWS's default chain finds (environment, profile files, container or instance roles), looked up on worker
 * threads (it may call the instance metadata service) and kept until shortly before it expires.
 */
public final class SigV4Authorizer implements CallAuthorizer {
    static final String SERVICE = "bedrock";
    /** How long a default-chain credential that states no expiry is used before the chain is asked again. */
    private static final Duration CHAIN_REFRESH = Duration.ofMinutes(5);

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Clock clock;
    private final RefreshedAhead<AwsCredentialsIdentity> defaultChain;
    /** The last static key read, so its JSON is not parsed on every call. */
    private volatile ParsedKey lastKey;

    private record ParsedKey(String text, AwsCredentialsIdentity identity) {
    }

    public SigV4Authorizer(Executor workers, Clock clock) {
        this.clock = clock;
        this.defaultChain = new RefreshedAhead<>(() -> {
            try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
                AwsCredentialsIdentity identity = chain.resolveCredentials();
                return new RefreshedAhead.Expiring<>(identity, identity.expirationTime().orElse(null));
            }
        }, workers, clock, CHAIN_REFRESH);
    }

    @Override
    public CompletableFuture<Map<String, String>> authorize(URI uri, Map<String, String> headers, byte[] body,
                                                            Credential credential, Target target) {
        CompletableFuture<AwsCredentialsIdentity> identity;
        if (credential.isNone()) {
            return CompletableFuture.failedFuture(unusable(target, "no credential is configured"));
        }
        if (AwsKeys.DEFAULT_CHAIN.equals(credential.secret())) {
            identity = defaultChain.get().exceptionallyCompose(e -> CompletableFuture.failedFuture(
                    unusable(target, "AWS's default credential chain found none (" + rootMessage(e) + ")")));
        } else {
            try {
                identity = CompletableFuture.completedFuture(staticKey(credential.secret()));
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(unusable(target, e.getMessage()));
            }
        }
        return identity.thenApply(id -> sign(uri, headers, body, id, target));
    }

    private AwsCredentialsIdentity staticKey(String text) {
        ParsedKey last = lastKey;
        if (last != null && last.text.equals(text)) {
            return last.identity;
        }
        AwsCredentialsIdentity identity = AwsKeys.parse(text);
        lastKey = new ParsedKey(text, identity);
        return identity;
    }

    private Map<String, String> sign(URI uri, Map<String, String> headers, byte[] body,
                                     AwsCredentialsIdentity identity, Target target) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        headers.forEach(request::putHeader);
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, target.provider().region())
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        signed.request().forEachHeader((name, values) -> headers.put(name, String.join(",", values)));
        return headers;
    }

    /** The gateway's AWS credential cannot be used: a provider fault (502), never the caller's. */
    private static GatewayException unusable(Target target, String why) {
        return new GatewayException(502, "server_error", UpstreamFailures.CREDENTIAL_REJECTED, null,
                "Provider '" + target.providerName() + "' cannot be called: its AWS credential is unusable: " + why
                        + ".", null, null);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
