package io.camelgateway.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.api.ProviderFaultException;
import io.camelgateway.config.ProviderConfig;

/**
 * Resolves credential references: env:NAME reads an environment variable, file:PATH reads a file (trimmed) and
 * reads it again when it changes, vault:MOUNT/PATH#FIELD is a field of a secret in HashiCorp Vault (KV v2) read
 * on a schedule, so a key rotates without a restart; none means the provider takes no key.
 */
public class CredentialStore {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);

    private final UnaryOperator<String> environment;
    private final Map<Path, CachedFile> files = new ConcurrentHashMap<>();
    private final VaultCredentials vault;

    public CredentialStore(UnaryOperator<String> environment) {
        this(environment, null);
    }

    /** @param vault where vault: references are read, or null when gateway.yaml has no vault: block */
    public CredentialStore(UnaryOperator<String> environment, VaultCredentials vault) {
        this.environment = environment;
        this.vault = vault;
    }

    /**
     * Checks the references and reads those in Vault once, waiting at most {@code wait} in all: for start-up, so
     * that a provider whose key is in Vault is configured from the first request. A Vault that does not answer
     * leaves those providers unconfigured until it does; the gateway starts all the same.
     *
     * @throws IllegalArgumentException for a vault: reference that is malformed, or without a vault: block
     */
    public void preload(Collection<String> references, Duration wait) {
        CompletableFuture<?>[] reads = references.stream().filter(VaultReference::isVault)
                .map(reference -> vault().read(VaultReference.parse(reference)))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(reads).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("Vault did not answer within {} ms at start-up: its providers are unconfigured until it does",
                    wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private VaultCredentials vault() {
        if (vault == null) {
            throw new IllegalArgumentException("A credential is a vault: reference, but gateway.yaml has no vault: "
                    + "block saying how to reach Vault (docs/security.md)");
        }
        return vault;
    }

    /** The credential a reference points at, or empty when it is not set (an unset variable, a missing file). */
    public Optional<Credential> resolve(String provider, String reference) {
        if (reference == null || reference.isBlank() || reference.equals("none")) {
            return Optional.of(Credential.none(provider));
        }
        String secret = secret(reference);
        return secret == null || secret.isBlank() ? Optional.empty()
                : Optional.of(new Credential(provider, secret, canChange(reference) ? reference : null));
    }

    /**
     * After a provider refused {@code refused}: its reference read again now, when it can change (a file, Vault).
     * Completes with the credential it holds now when that differs from the refused one, otherwise empty: an
     * environment variable or a value written in the configuration is never read again, nor retried.
     */
    public CompletableFuture<Optional<Credential>> reread(Credential refused) {
        String reference = refused.reference();
        if (reference == null || !canChange(reference)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (!VaultReference.isVault(reference)) {
            return CompletableFuture.completedFuture(changed(refused, secret(reference)));
        }
        VaultReference in = VaultReference.parse(reference);
        String held = vault().current(in);
        if (held != null && !held.equals(refused.secret())) {
            return CompletableFuture.completedFuture(changed(refused, held)); // read anew since the call started
        }
        return vault().reread(in).thenApply(value -> changed(refused, value));
    }

    private static Optional<Credential> changed(Credential refused, String now) {
        return now == null || now.isBlank() || now.equals(refused.secret()) ? Optional.empty()
                : Optional.of(new Credential(refused.provider(), now, refused.reference()));
    }

    private static boolean canChange(String reference) {
        return reference.startsWith("file:") || VaultReference.isVault(reference);
    }

    /**
     * What can honestly be said of a provider before any call: whether its credential is set, not needed, or
     * missing. Nothing here says the provider answers; its circuit breaker tells that, once it is called.
     */
    public String status(String provider, String reference) {
        Optional<Credential> credential = resolve(provider, reference);
        if (credential.isEmpty()) {
            return "no credential";
        }
        return credential.get().isNone() ? "no credential needed" : "credential set";
    }

    /** A provider's credential; a 503 provider fault when it is not set, so a pool moves on to another member. */
    public Credential require(ProviderConfig provider) {
        String reference = provider.credential();
        return resolve(provider.name(), reference)
                .orElseThrow(() -> new ProviderFaultException(503, "server_error", "provider_not_configured",
                        "The provider '" + provider.name() + "' has no credential configured ("
                                + describe(reference) + ").", null));
    }

    /** Where the credential was looked for, without its value. */
    private String describe(String reference) {
        if (reference.startsWith("env:")) {
            return "set the environment variable " + reference.substring(4);
        }
        if (reference.startsWith("file:")) {
            return "the file " + reference.substring(5) + " is missing or empty";
        }
        if (VaultReference.isVault(reference)) {
            return vault == null ? "gateway.yaml has no vault: block"
                    : "Vault has not given " + reference + " yet; the gateway's log says why";
        }
        return "check its credential setting";
    }

    /** The secret a reference points at, or null. A reference without a scheme is taken as the value itself. */
    public String secret(String reference) {
        if (reference.startsWith("env:")) {
            return environment.apply(reference.substring(4));
        }
        if (reference.startsWith("file:")) {
            return readFile(Path.of(reference.substring(5)));
        }
        if (VaultReference.isVault(reference)) {
            return vault == null ? null : vault.current(VaultReference.parse(reference));
        }
        return reference;
    }

    private String readFile(Path path) {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            CachedFile cached = files.get(path);
            if (cached != null && cached.modified.equals(modified)) {
                return cached.value;
            }
            String value = Files.readString(path, StandardCharsets.UTF_8).trim();
            files.put(path, new CachedFile(modified, value));
            if (cached != null) {
                LOG.info("Credential file {} changed: using the new value", path);
            }
            return value;
        } catch (IOException e) {
            LOG.warn("Credential file {} cannot be read: {}", path, e.getClass().getSimpleName());
            return null;
        }
    }

    private record CachedFile(FileTime modified, String value) {
    }
}
