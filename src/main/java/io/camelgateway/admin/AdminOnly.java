package io.camelgateway.admin;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.GatewayException;
import io.camelgateway.security.CallerIdentity;

/** Route step, after the caller is authenticated: lets only callers with the admin role through; 403 for others. */
public class AdminOnly implements Processor {
    public static final String ROLE = "admin";

    @Override
    public void process(Exchange exchange) {
        CallerIdentity caller = exchange.getProperty(GatewayConstants.CALLER, CallerIdentity.class);
        if (caller == null || !caller.hasRole(ROLE)) {
            throw new GatewayException(403, "invalid_request_error", "insufficient_permissions",
                    "The admin API needs a key with the admin role; yours does not have it.");
        }
    }
}
