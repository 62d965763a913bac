package io.camelgateway.credentials;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
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
        Credential credential = store.require(target.provider());
        exchange.setProperty(GatewayConstants.CREDENTIAL, credential);
    }
}
