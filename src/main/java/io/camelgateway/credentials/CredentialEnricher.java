package io.camelgateway.credentials;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.provider.Target;

/**
 * Route step (content enricher): puts the credential for the target provider on the exchange, as a property that
 * is never sent anywhere but to that provider: the gateway's own, or the caller's team's where a policy says so.
 * An unconfigured provider is a 503; a model the caller's team may not use, a 403.
 */
public class CredentialEnricher implements Processor {
    private final CredentialChooser chooser;

    public CredentialEnricher(CredentialStore store) {
        this(CredentialChooser.gatewayOwn(store));
    }

    public CredentialEnricher(CredentialChooser chooser) {
        this.chooser = chooser;
    }

    @Override
    public void process(Exchange exchange) {
        Target target = exchange.getProperty(GatewayConstants.TARGET, Target.class);
        if (target == null) {
            throw new IllegalStateException("No target on the exchange: resolve the model before enriching");
        }
        exchange.setProperty(GatewayConstants.CREDENTIAL, chooser.choose(exchange, target));
    }
}
