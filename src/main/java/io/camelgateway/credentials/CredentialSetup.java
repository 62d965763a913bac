package io.camelgateway.credentials;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.config.GatewayConfig;
import io.camelgateway.policy.Policy;

/** The gateway's credential store, opened from gateway.yaml and the policy, and what it says of each provider. */
public final class CredentialSetup {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialSetup.class);

    private CredentialSetup() {
    }

    /**
     * The credential store, with Vault when gateway.yaml has a vault: block; the keys in Vault that the providers,
     * the caller keys and the teams name are read once now.
     */
    public static CredentialStore open(CamelContext context, UnaryOperator<String> environment, GatewayConfig config,
                                       Policy policy, VaultSettings vaultSettings) {
        VaultCredentials vault = null;
        if (vaultSettings != null) {
            CredentialStore references = new CredentialStore(environment); // Vault's own token: env:, file:
            vault = new VaultCredentials(vaultSettings, references::secret);
            try {
                context.addService(vault, true, true); // stopped with the context: its refresher thread ends
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the Vault credential refresher", e);
            }
        }
        CredentialStore credentials = new CredentialStore(environment, vault);
        List<String> references = new ArrayList<>();
        config.providers().values().forEach(p -> references.add(p.credential()));
        config.callerKeys().forEach(k -> references.add(k.key()));
        if (policy.teams() != null) {
            policy.teams().values().forEach(team -> references.addAll(team.credentials().values()));
        }
        credentials.preload(references, vaultSettings == null ? Duration.ZERO
                : vaultSettings.timeout().multipliedBy(2));
        return credentials;
    }

    /** Logs each provider's credential status (never the credential), and warns of those without one. */
    public static void report(GatewayConfig config, CredentialStore credentials) {
        config.providers().values().forEach(p -> {
            if (credentials.resolve(p.name(), p.credential()).isPresent()) {
                // Nothing is sent to a provider before a request needs it: this says nothing of whether it answers.
                LOG.info("Provider {} ({} format) at {}: {}", p.name(), p.format(), p.base(),
                        credentials.status(p.name(), p.credential()));
            } else {
                LOG.warn("Provider {} is unconfigured: no credential ({}); requests to it get 503", p.name(),
                        p.credential());
            }
        });
    }
}
