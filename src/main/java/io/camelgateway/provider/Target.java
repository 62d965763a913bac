package io.camelgateway.provider;

import io.camelgateway.config.ProviderConfig;

/**
 * Where one call goes: a configured provider and the model name it knows.
 *
 * @param requestedModel the model name the caller used (an alias, or "provider/model"); answers carry it
 */
public record Target(ProviderConfig provider, String upstreamModel, String requestedModel) {
    public String providerName() {
        return provider.name();
    }
}
