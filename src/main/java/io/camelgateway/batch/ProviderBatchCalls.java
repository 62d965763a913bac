package io.camelgateway.batch;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.netty.handler.codec.http.HttpMethod;

import io.camelgateway.api.GatewayException;
import io.camelgateway.credentials.Credential;
import io.camelgateway.provider.ProviderClient;
import io.camelgateway.provider.ProviderTranslator;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamCall;
import io.camelgateway.provider.UpstreamFailures;

/**
 * Calls to one provider's batch API for one batch, with the credential its owner's team uses for that provider
 * (never a caller's key): through the gateway's own provider client, each bounded by the provider's
 * requestTimeout, an answer by maxBytes. A provider's error is a GatewayException, as on any call.
 */
final class ProviderBatchCalls {
    private final ProviderClient client;
    private final ProviderTranslator translator;
    private final Target target;
    private final Credential credential;
    private final int maxBytes;

    ProviderBatchCalls(ProviderClient client, ProviderTranslator translator, Target target, Credential credential,
                       int maxBytes) {
        this.client = client;
        this.translator = translator;
        this.target = target;
        this.credential = credential;
        this.maxBytes = maxBytes;
    }

    /** The provider's base URL (gateway.yaml's baseUrl) followed by this path. */
    URI uri(String path) {
        return URI.create(target.provider().base() + path);
    }

    Target target() {
        return target;
    }

    byte[] get(URI uri) {
        return call(HttpMethod.GET, new UpstreamCall(uri, new byte[0]));
    }

    byte[] post(URI uri, byte[] body, String contentType) {
        return call(HttpMethod.POST, new UpstreamCall(uri, body, Map.of("Content-Type", contentType)));
    }

    private byte[] call(HttpMethod method, UpstreamCall call) {
        try {
            return client.apiCall(method, translator, call, target, credential, maxBytes).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof GatewayException g ? g : UpstreamFailures.fromThrowable(target, e);
        }
    }
}
