package io.camelgateway.component;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import io.camelgateway.config.ProviderConfig;
import io.camelgateway.credentials.CredentialChooser;
import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.provider.ProviderClient;
import io.camelgateway.resilience.ProviderBreakers;
import io.camelgateway.resilience.ProviderQueues;

/**
 * The llm: component. {@code llm:openai} is the producer endpoint for the provider configured as "openai".
 * {@link io.camelgateway.GatewayConfiguration} binds one built from gateway.yaml.
 */
@Component("llm")
public class LlmComponent extends DefaultComponent {
    @Metadata(label = "advanced", autowired = false,
              description = "The providers by name, as gateway.yaml configures them.")
    private Map<String, ProviderConfig> providers = Map.of();
    @Metadata(label = "advanced", autowired = false,
              description = "The non-blocking HTTP client every endpoint of this component sends with.")
    private ProviderClient client;
    @Metadata(label = "advanced", autowired = false,
              description = "The providers' circuit breakers; every endpoint of this component shares them.")
    private ProviderBreakers breakers = new ProviderBreakers(ProviderBreakers.Settings.DEFAULTS);
    @Metadata(label = "advanced", autowired = false,
              description = "The queues of the providers that declare their own limits in gateway.yaml; every "
                      + "endpoint of this component shares them.")
    private ProviderQueues queues;
    @Metadata(label = "advanced", autowired = false,
              description = "Where a producer finds its provider's credential when no route step put one on the "
                      + "exchange (the CamelGatewayCredential property).")
    private CredentialStore credentials;
    @Metadata(label = "advanced", autowired = false,
              description = "Chooses the credential of a call no route step put one on the exchange for, in place "
                      + "of the credential store's: the caller's team's, under a policy.")
    private CredentialChooser credentialChooser;
    @Metadata(label = "advanced", autowired = false,
              description = "Hears of each provider call once it has ended (its tokens, its time, its failure), for "
                      + "metrics.")
    private LlmCallListener callListener = LlmCallListener.NONE;
    @Metadata(label = "advanced", defaultValue = "false",
              description = "Pass the message's W3C trace context headers (traceparent, tracestate), which Camel's "
                      + "tracing sets for each send to an llm: endpoint, on to the provider.")
    private boolean passTraceContext;

    public LlmComponent() {
    }

    public LlmComponent(Map<String, ProviderConfig> providers, ProviderClient client, ProviderBreakers breakers,
                        CredentialStore credentials) {
        this.providers = providers;
        this.client = client;
        this.breakers = breakers;
        this.credentials = credentials;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ProviderConfig provider = providers.get(remaining);
        if (provider == null) {
            throw new IllegalArgumentException("llm:" + remaining + " names no configured provider; configured are "
                    + providers.keySet());
        }
        LlmEndpoint endpoint = new LlmEndpoint(uri, this, provider);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public ProviderClient getClient() {
        return client;
    }

    /** The providers' circuit breakers; every llm: endpoint of this component shares them. */
    public ProviderBreakers getBreakers() {
        return breakers;
    }

    public void setBreakers(ProviderBreakers breakers) {
        this.breakers = breakers;
    }

    /** The providers' own queues; may be null (no provider waits). */
    public ProviderQueues getQueues() {
        return queues;
    }

    public void setQueues(ProviderQueues queues) {
        this.queues = queues;
    }

    /** Where a producer finds its provider's credential when no route step put it on the exchange; may be null. */
    public CredentialStore getCredentials() {
        return credentials;
    }

    public void setCredentials(CredentialStore credentials) {
        this.credentials = credentials;
    }

    /** The chooser a producer asks when no route step put a credential on the exchange; may be null. */
    public CredentialChooser getCredentialChooser() {
        return credentialChooser;
    }

    public void setCredentialChooser(CredentialChooser credentialChooser) {
        this.credentialChooser = credentialChooser;
    }

    public LlmCallListener getCallListener() {
        return callListener;
    }

    public void setCallListener(LlmCallListener callListener) {
        this.callListener = callListener == null ? LlmCallListener.NONE : callListener;
    }

    public boolean isPassTraceContext() {
        return passTraceContext;
    }

    public void setPassTraceContext(boolean passTraceContext) {
        this.passTraceContext = passTraceContext;
    }

    public Map<String, ProviderConfig> getProviders() {
        return providers;
    }

    public void setProviders(Map<String, ProviderConfig> providers) {
        this.providers = providers;
    }

    public void setClient(ProviderClient client) {
        this.client = client;
    }
}
