package io.camelgateway.component;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.ProviderTranslator;
import io.camelgateway.provider.ProviderTranslators;

/** One provider as a producer endpoint: it sends chat and embeddings requests there, in that provider's format. */
public class LlmEndpoint extends DefaultEndpoint {
    private final ProviderConfig provider;
    private final ProviderTranslator translator;
    private volatile CircuitBreaker breaker;

    LlmEndpoint(String uri, LlmComponent component, ProviderConfig provider) {
        super(uri, component);
        this.provider = provider;
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

    public ProviderConfig getProvider() {
        return provider;
    }

    /** This endpoint's provider's circuit breaker, looked up once (the registry builds a map on every lookup). */
    CircuitBreaker breaker() {
        CircuitBreaker b = breaker;
        if (b == null) {
            breaker = b = getComponent().getBreakers().forProvider(provider.name());
        }
        return b;
    }

    ProviderTranslator translator() {
        return translator;
    }
}
