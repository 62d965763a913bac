package io.camelgateway.security.plugin;

import org.apache.camel.Exchange;

/**
 * The message headers between the gateway and an authentication route ({@code direct:auth-<name>}): the request's
 * method and path and every header the caller sent (by their own names, none starting with "Camel") go in; the
 * caller the route recognised comes out. A route that sets no caller name refuses the request.
 */
public final class AuthRouteHeaders {
    /** In: the request's method, as Camel's HTTP components name it. */
    public static final String METHOD = Exchange.HTTP_METHOD;
    /** In: the request's path, not decoded, without the query. */
    public static final String PATH = Exchange.HTTP_PATH;

    /** Out: the caller's name, as logs, metrics and the policy know it. Required to accept the request. */
    public static final String CALLER_NAME = "CamelGatewayCallerName";
    /** Out: the caller's team, or none for the policy to decide. */
    public static final String CALLER_TEAM = "CamelGatewayCallerTeam";
    /** Out: the caller's roles: a list, or one string separated by commas or spaces ("admin"). */
    public static final String CALLER_ROLES = "CamelGatewayCallerRoles";

    private AuthRouteHeaders() {
    }
}
