package io.camelgateway.api;

/**
 * A failure that is the provider's, not the caller's ({@link GatewayException#providerFault()}): what a failover
 * pool moves on from. Routes name this class in a failover load balancer's {@code exception} list.
 */
public class ProviderFaultException extends GatewayException {

    public ProviderFaultException(int status, String type, String code, String message, String retryAfter) {
        super(status, type, code, null, message, retryAfter, null);
    }

    /** The failure as a ProviderFaultException when it is the provider's fault; otherwise the failure itself. */
    public static Throwable classify(Throwable failure) {
        if (failure instanceof GatewayException g && g.providerFault() && !(g instanceof ProviderFaultException)) {
            return new ProviderFaultException(g.status(), g.type(), g.code(), g.getMessage(), g.retryAfter());
        }
        return failure;
    }
}
