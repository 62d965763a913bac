package io.camelgateway.component;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.AsyncEndpoint;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import io.camelgateway.config.Durations;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.ProviderTranslator;
import io.camelgateway.provider.ProviderTranslators;
import io.camelgateway.provider.Target;
import io.camelgateway.resilience.ProviderQueue;
import io.camelgateway.resilience.ProviderQueues;

/**
 * Sends chat and embeddings requests to one configured LLM provider, in that provider's wire format, without
 * blocking a thread.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "llm", title = "LLM Gateway", syntax = "llm:provider",
             producerOnly = true, category = Category.AI, headersClass = LlmConstants.class)
public class LlmEndpoint extends DefaultEndpoint implements AsyncEndpoint {
    @UriPath(description = "The name of a provider under providers: in gateway.yaml, for example openai, anthropic "
            + "or ollama.")
    @Metadata(required = true)
    private final String provider;
    @UriParam(description = "The upstream model every call through this endpoint goes to, as the provider names "
            + "it (gpt-4o-mini), whatever the exchange says. Without it, the CamelGatewayTarget exchange property "
            + "names the model, else the body's model does.")
    private String model;
    @UriParam(description = "A limit on each whole answer through this endpoint, for example 500ms or 5s: a "
            + "fan-out member's own timeout. It never lengthens the provider's requestTimeout.",
              defaultValueNote = "the provider's requestTimeout from gateway.yaml")
    private String timeout;

    private final ProviderConfig configured;
    private final ProviderTranslator translator;
    private ProviderConfig providerConfig;
    private Target target;
    private volatile CircuitBreaker breaker;

    LlmEndpoint(String uri, LlmComponent component, ProviderConfig provider) {
        super(uri, component);
        this.provider = provider.name();
        this.configured = provider;
        this.providerConfig = provider;
        this.translator = ProviderTranslators.forFormat(provider.format());
    }

    @Override
    public Producer createProducer() {
        return new LlmProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("llm: endpoints only send; they cannot be consumed from");
    }

    @Override
    public LlmComponent getComponent() {
        return (LlmComponent) super.getComponent();
    }

    public String getProvider() {
        return provider;
    }

    public void setModel(String model) {
        this.model = model;
        this.target = new Target(providerConfig, model, provider + "/" + model);
    }

    public String getModel() {
        return model;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
        this.providerConfig = configured.withTimeout(Durations.parse(timeout));
        if (model != null) {
            setModel(model);
        }
    }

    public String getTimeout() {
        return timeout;
    }

    /** The provider's configuration, with this endpoint's timeout applied. */
    ProviderConfig providerConfig() {
        return providerConfig;
    }

    /** The fixed target when the model option is set, else null. */
    Target fixedTarget() {
        return target;
    }

    /** This endpoint's provider's circuit breaker, looked up once (the registry builds a map on every lookup). */
    CircuitBreaker breaker() {
        CircuitBreaker b = breaker;
        if (b == null) {
            breaker = b = getComponent().getBreakers().forProvider(provider);
        }
        return b;
    }

    /** This endpoint's provider's queue, or null when it declares no limits of its own. */
    ProviderQueue queue() {
        ProviderQueues queues = getComponent().getQueues();
        return queues == null ? null : queues.forProvider(provider);
    }

    ProviderTranslator translator() {
        return translator;
    }
}
