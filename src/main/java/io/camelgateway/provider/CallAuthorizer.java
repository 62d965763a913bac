package io.camelgateway.provider;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.camelgateway.credentials.Credential;

/**
 * Puts the provider credential on a call that is ready to go: a key in a header, a SigV4 signature over the whole
 * request, an OAuth access token. It never blocks its caller (an event loop): what needs a blocking fetch runs on
 * other threads, and the future completes when the headers are ready.
 */
@FunctionalInterface
public interface CallAuthorizer {

    /**
     * @param headers the call's headers, to add to; the request is sent with exactly these
     * @return the same headers with the credential added; a failed future (a GatewayException) when none can be had
     */
    CompletableFuture<Map<String, String>> authorize(URI uri, Map<String, String> headers, byte[] body,
                                                     Credential credential, Target target);

    /** The provider refused what this credential gave (a revoked token): what was derived from it is not used again. */
    default void rejected(Credential credential) {
    }

    /** The key-in-a-header scheme of most providers, as the format's translator writes it. */
    static CallAuthorizer keyHeader(ProviderTranslator translator) {
        return (uri, headers, body, credential, target) -> {
            if (!credential.isNone()) {
                translator.authenticate(headers, credential.secret());
            }
            return CompletableFuture.completedFuture(headers);
        };
    }
}
