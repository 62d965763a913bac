package io.camelgateway.provider;

import java.net.URI;
import java.util.Map;

/** An HTTP POST to make to a provider, before the credential is added. */
public record UpstreamCall(URI uri, byte[] body, Map<String, String> headers) {
    public UpstreamCall(URI uri, byte[] body) {
        this(uri, body, Map.of());
    }
}
