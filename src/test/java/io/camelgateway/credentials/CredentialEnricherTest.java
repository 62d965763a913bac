package io.camelgateway.credentials;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ProviderFaultException;
import io.camelgateway.config.ProviderConfig;
import io.camelgateway.provider.Target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The enricher puts the provider's credential on the exchange; a provider without one is a provider fault. */
class CredentialEnricherTest {

    private static Exchange exchangeFor(String credential) {
        ProviderConfig provider = new ProviderConfig("p", "openai", "http://localhost/v1", credential, null, Map.of(),
                Map.of(), List.of(), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Map.of());
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(GatewayConstants.TARGET, new Target(provider, "m", "p/m"));
        return exchange;
    }

    @Test
    void providerWithoutACredentialIsAProviderFaultSoAPoolMovesOn() {
        CredentialEnricher enricher = new CredentialEnricher(new CredentialStore(name -> null));
        ProviderFaultException e = assertThrows(ProviderFaultException.class,
                () -> enricher.process(exchangeFor("env:NOT_SET_ANYWHERE")));
        assertEquals(503, e.status());
        assertEquals("provider_not_configured", e.code());
        assertTrue(e.getMessage().contains("NOT_SET_ANYWHERE"), e.getMessage());
    }

    @Test
    void configuredCredentialIsPutOnTheExchange() throws Exception {
        CredentialEnricher enricher = new CredentialEnricher(new CredentialStore(name -> "secret-value"));
        Exchange exchange = exchangeFor("env:SET");
        enricher.process(exchange);
        Credential credential = exchange.getProperty(GatewayConstants.CREDENTIAL, Credential.class);
        assertEquals("secret-value", credential.secret());
    }
}
