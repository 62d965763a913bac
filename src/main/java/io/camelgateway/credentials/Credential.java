package io.camelgateway.credentials;

/**
 * The gateway's own credential for one provider. Its text never appears in logs: toString hides it.
 *
 * @param secret    the key, or null for a provider that takes none (a local Ollama, say)
 * @param reference where the key was read (env:NAME, file:PATH, vault:...), to read it again after a provider
 *                  refused it; null when it cannot be read again (a value written in the configuration)
 */
public record Credential(String provider, String secret, String reference) {

    public Credential(String provider, String secret) {
        this(provider, secret, null);
    }

    public static Credential none(String provider) {
        return new Credential(provider, null);
    }

    public boolean isNone() {
        return secret == null;
    }

    /** Removes this secret from a text that came from elsewhere, such as a provider's error message. */
    public String scrub(String text) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, "***");
    }

    @Override
    public String toString() {
        return "Credential[provider=" + provider + ", secret=" + (secret == null ? "none" : "***") + "]";
    }
}
