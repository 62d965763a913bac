package io.camelgateway.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.api.ProviderFaultException;
import io.camelgateway.config.ProviderConfig;

/**
 * Resolves credential references: env:NAME reads an environment variable, file:PATH reads a file (trimmed) and
 * reads it again when it changes, so a key rotates without a restart; none means the provider takes no key.
 */
public class CredentialStore {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);

    private final UnaryOperator<String> environment;
    private final Map<Path, CachedFile> files = new ConcurrentHashMap<>();

    public CredentialStore(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** The credential a reference points at, or empty when it is not set (an unset variable, a missing file). */
    public Optional<Credential> resolve(String provider, String reference) {
        if (reference == null || reference.isBlank() || reference.equals("none")) {
            return Optional.of(Credential.none(provider));
        }
        String secret = secret(reference);
        return secret == null || secret.isBlank() ? Optional.empty() : Optional.of(new Credential(provider, secret));
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
    private static String describe(String reference) {
        if (reference.startsWith("env:")) {
            return "set the environment variable " + reference.substring(4);
        }
        if (reference.startsWith("file:")) {
            return "the file " + reference.substring(5) + " is missing or empty";
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
