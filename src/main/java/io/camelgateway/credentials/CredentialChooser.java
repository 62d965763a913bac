package io.camelgateway.credentials;

import org.apache.camel.Exchange;

import io.camelgateway.provider.Target;

/** Chooses the credential one provider call carries: the gateway's own, or the one the caller's team must use. */
@FunctionalInterface
public interface CredentialChooser {

    /** Throws a {@link io.camelgateway.api.GatewayException} when the call may not be made. */
    Credential choose(Exchange exchange, Target target);

    /** Every call carries the gateway's own credential for its provider. */
    static CredentialChooser gatewayOwn(CredentialStore store) {
        return (exchange, target) -> store.require(target.provider());
    }
}
