package io.camelgateway.provider.openai;

import java.net.URI;
import java.util.Map;

import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamPath;

/** Azure OpenAI: OpenAI's wire format at deployment URLs with an api-version, authenticated by an api-key header. */
public class AzureOpenAiTranslator extends OpenAiTranslator {
    static final String DEFAULT_API_VERSION = "2024-10-21";

    @Override
    protected URI chatUri(Target target) {
        return deploymentUri(target, "chat/completions");
    }

    @Override
    protected URI embeddingsUri(Target target) {
        return deploymentUri(target, "embeddings");
    }

    @Override
    public void authenticate(Map<String, String> headers, String secret) {
        headers.put("api-key", secret);
    }

    private static URI deploymentUri(Target target, String operation) {
        String version = target.provider().apiVersion() != null ? target.provider().apiVersion() : DEFAULT_API_VERSION;
        String deployment = target.provider().deploymentFor(target.upstreamModel());
        return URI.create(target.provider().base() + "/openai/deployments/"
                + UpstreamPath.segment(deployment, target.providerName()) + "/" + operation
                + "?api-version=" + version);
    }
}
