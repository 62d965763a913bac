package io.camelgateway.component;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

import io.camelgateway.config.Durations;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.ProviderTranslator;
import io.camelgateway.provider.ProviderTranslators;
import io.camelgateway.provider.Target;

/**
 * One provider as a producer endpoint: it sends chat and embeddings requests there, in that provider's format.
 * Options: {@code model} fixes the upstream model ({@code llm:openai?model=gpt-4o-mini}, as in a recipient list);
 * {@code timeout} shortens the provider's limit on the whole answer for calls through this endpoint.
 */
public class LlmEndpoint extends DefaultEndpoint {
    private final ProviderConfig configured;
    private final ProviderTranslator translator;
    private ProviderConfig provider;
    private String model;
    private Target target;
    private volatile CircuitBreaker breaker;

    LlmEndpoint(String uri, LlmComponent component, ProviderConfig provider) {
        super(uri, component);
        this.configured = provider;
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

    /** The upstream model every call through this endpoint goes to, whatever the exchange says. */
    public void setModel(String model) {
        this.model = model;
        this.target = new Target(provider, model, provider.name() + "/" + model);
    }

    public String getModel() {
        return model;
    }

    /** A limit on each whole answer through this endpoint (500ms, 5s): a member's own timeout in a fan-out. */
    public void setTimeout(String timeout) {
        this.provider = configured.withTimeout(Durations.parse(timeout));
        if (model != null) {
            setModel(model);
        }
    }

    /** The fixed target when the model option is set, else null. */
    Target fixedTarget() {
        return target;
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
