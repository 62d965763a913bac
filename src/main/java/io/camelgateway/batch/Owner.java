package io.camelgateway.batch;

import io.camelgateway.api.GatewayException;
import io.camelgateway.security.CallerIdentity;

/** Whose files, batches and stored responses a caller sees: their team's, or without a team their own. */
public final class Owner {
    private Owner() {
    }

    public static String of(CallerIdentity caller) {
        if (caller == null) {
            throw GatewayException.unauthorized("You didn't provide an API key.");
        }
        return caller.team() != null ? "team:" + caller.team() : "caller:" + caller.name();
    }
}
