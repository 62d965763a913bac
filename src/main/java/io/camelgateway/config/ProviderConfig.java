package io.camelgateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One provider the gateway can call, as configured.
 *
 * @param name             the name used in model ids ("openai" in "openai/gpt-4o") and in llm: endpoint URIs
 * @param format           the wire format: openai, azure, anthropic, gemini, bedrock or vertex
 * @param baseUrl          the API base; for openai it includes /v1, for anthropic and gemini it does not
 * @param credential       where the gateway's credential comes from: env:NAME, file:PATH or none
 * @param apiVersion       azure's api-version, or anthropic's anthropic-version header
 * @param deployments      azure only: upstream model name to deployment name
 * @param headers          extra static headers sent on every call
 * @param models           the upstream models this provider lists under /v1/models
 * @param connectTimeout   how long to wait for a connection
 * @param requestTimeout   how long a whole answer may take, streamed or not; a stream still going then is cut
 * @param firstByteTimeout how long until the answer starts: a plain answer's response head, a stream's first
 *                         chunk (time to first token)
 * @param defaultMaxTokens the output limit sent when the caller gave none and the format needs one (anthropic)
 * @param breaker          this provider's circuit-breaker settings that differ from the gateway.breaker.* ones
 *                         (failureRatePercent, windowCalls, minimumCalls, open, halfOpenCalls)
 * @param region           bedrock: the AWS region requests are signed for; vertex: the Google Cloud location
 * @param project          vertex: the Google Cloud project; null to take the service-account key's own
 * @param batches          who runs a batch of this provider's models: {@link #BATCHES_GATEWAY} (the gateway, line
 *                         by line) or {@link #BATCHES_PROVIDER} (forwarded to the provider's own batch API)
 */
public record ProviderConfig(String name, String format, String baseUrl, String credential, String apiVersion,
                             Map<String, String> deployments, Map<String, String> headers, List<String> models,
                             Duration connectTimeout, Duration requestTimeout, Duration firstByteTimeout,
                             int defaultMaxTokens, Map<String, String> breaker, String region,
                             String project, String batches) {
    public static final String BATCHES_GATEWAY = "gateway";
    public static final String BATCHES_PROVIDER = "provider";

    /** A provider whose batches the gateway runs itself. */
    public ProviderConfig(String name, String format, String baseUrl, String credential, String apiVersion,
                          Map<String, String> deployments, Map<String, String> headers, List<String> models,
                          Duration connectTimeout, Duration requestTimeout, Duration firstByteTimeout,
                          int defaultMaxTokens, Map<String, String> breaker, String region, String project) {
        this(name, format, baseUrl, credential, apiVersion, deployments, headers, models, connectTimeout,
                requestTimeout, firstByteTimeout, defaultMaxTokens, breaker, region, project, BATCHES_GATEWAY);
    }

    /** A provider that names no cloud region or project. */
    public ProviderConfig(String name, String format, String baseUrl, String credential, String apiVersion,
                          Map<String, String> deployments, Map<String, String> headers, List<String> models,
                          Duration connectTimeout, Duration requestTimeout, Duration firstByteTimeout,
                          int defaultMaxTokens, Map<String, String> breaker) {
        this(name, format, baseUrl, credential, apiVersion, deployments, headers, models, connectTimeout,
                requestTimeout, firstByteTimeout, defaultMaxTokens, breaker, null, null, BATCHES_GATEWAY);
    }

    /** The base URL without a trailing slash. */
    public String base() {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The same provider with a shorter limit on the whole answer (and on its start, which is never longer). */
    public ProviderConfig withTimeout(Duration timeout) {
        Duration total = timeout.compareTo(requestTimeout) < 0 ? timeout : requestTimeout;
        Duration first = firstByteTimeout.compareTo(total) < 0 ? firstByteTimeout : total;
        return new ProviderConfig(name, format, baseUrl, credential, apiVersion, deployments, headers, models,
                connectTimeout, total, first, defaultMaxTokens, breaker, region, project, batches);
    }

    /** The same provider, called with another credential reference (a team's own key). */
    public ProviderConfig withCredential(String reference) {
        return new ProviderConfig(name, format, baseUrl, reference, apiVersion, deployments, headers, models,
                connectTimeout, requestTimeout, firstByteTimeout, defaultMaxTokens, breaker, region, project, batches);
    }

    /** Whether batches of this provider's models go to its own batch API. */
    public boolean forwardsBatches() {
        return BATCHES_PROVIDER.equals(batches);
    }

    public String deploymentFor(String model) {
        return deployments.getOrDefault(model, model);
    }
}
