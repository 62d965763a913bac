package io.camelgateway.credentials;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ProviderFaultException;
import io.camelgateway.provider.Target;

/**
 * Route step (content enricher): puts the gateway's credential for the target provider on the exchange, as a
 * property that is never sent anywhere but to that provider. An unconfigured provider is a 503.
 */
public class CredentialEnricher implements Processor {
    private final CredentialStore store;

    public CredentialEnricher(CredentialStore store) {
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) {
        Target target = exchange.getProperty(GatewayConstants.TARGET, Target.class);
        if (target == null) {
            throw new IllegalStateException("No target on the exchange: resolve the model before enriching");
        }
        String reference = target.provider().credential();
        Credential credential = store.resolve(target.providerName(), reference)
                .orElseThrow(() -> new ProviderFaultException(503, "server_error", "provider_not_configured",
                        "The provider '" + target.providerName() + "' has no credential configured ("
                                + describe(reference) + ").", null));
        exchange.setProperty(GatewayConstants.CREDENTIAL, credential);
    }

    /** Where the credential was looked for, without its value. */
    static String describe(String reference) {
        if (reference.startsWith("env:")) {
            return "set the environment variable " + reference.substring(4);
        }
        if (reference.startsWith("file:")) {
            return "the file " + reference.substring(5) + " is missing or empty";
        }
        return "check its credential setting";
    }
}
