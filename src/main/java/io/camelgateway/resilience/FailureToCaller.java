package io.camelgateway.resilience;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Route policy of a route that other routes call and that has an error handler of its own (provider-call retries):
 * a failure it gives up on goes back to the caller unhandled, as with noErrorHandler. Camel's error handler marks
 * it handled instead, and then neither the ingress onException (OpenAI's error shape) nor anything else sees it.
 */
public class FailureToCaller extends RoutePolicySupport {

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (exchange.getException() != null) {
            exchange.getExchangeExtension().setFailureHandled(false);
            exchange.getExchangeExtension().setErrorHandlerHandled(null);
        }
    }
}
