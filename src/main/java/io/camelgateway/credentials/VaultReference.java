package io.camelgateway.credentials;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A credential reference into Vault's KV version 2 engine: {@code vault:<mount>/<path>#<field>}, such as
 * {@code vault:secret/llm/openai#api_key} for the field api_key of the secret llm/openai in the engine mounted at
 * secret/. It names where the key is, never the key, so it may be logged.
 */
public record VaultReference(String mount, String path, String field) {
    public static final String PREFIX = "vault:";
    private static final Pattern FORM = Pattern.compile("vault:([A-Za-z0-9_.-]+)/([A-Za-z0-9_./-]+)#([^#\\s]+)");

    /** @throws IllegalArgumentException saying the expected form, when the reference does not have it */
    public static VaultReference parse(String reference) {
        Matcher m = FORM.matcher(reference);
        if (!m.matches() || m.group(2).contains("..") || m.group(2).endsWith("/")) {
            throw new IllegalArgumentException("'" + reference + "' is not a Vault reference: write "
                    + "vault:<mount>/<path>#<field>, for example vault:secret/llm/openai#api_key");
        }
        return new VaultReference(m.group(1), m.group(2), m.group(3));
    }

    public static boolean isVault(String reference) {
        return reference != null && reference.startsWith(PREFIX);
    }

    /** The KV v2 read path under /v1/: the engine puts the secret's versions under data/. */
    public String apiPath() {
        return mount + "/data/" + path;
    }

    @Override
    public String toString() {
        return PREFIX + mount + "/" + path + "#" + field;
    }
}
