package io.camelgateway.batch;

import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;
import io.camelgateway.security.CallerIdentity;

/** Whose files, batches and stored responses a caller sees: their team's, or without a team their own. */
public final class Owner {
    private Owner() {
    }

    /** The owner of what the exchange's caller asks for. */
    public static String of(Exchange exchange) {
        return of(exchange.getProperty(GatewayConstants.CALLER, CallerIdentity.class));
    }

    public static String of(CallerIdentity caller) {
        if (caller == null) {
            throw GatewayException.unauthorized("You didn't provide an API key.");
        }
        return caller.team() != null ? "team:" + caller.team() : "caller:" + caller.name();
    }
}
