package io.camelgateway.credentials;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.client.ClientHttpRequestFactoryFactory;
import org.springframework.vault.client.VaultClients;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.ClientOptions;
import org.springframework.vault.support.SslConfiguration;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestTemplate;

/**
 * Reads one field of a KV version 2 secret through Spring Vault, logged in with a token or with AppRole. Spring
 * Vault renews a renewable login token before it expires; a token Vault no longer accepts (403) is dropped and the
 * gateway logs in again once, reading the token or secret id reference anew.
 */
class VaultKeyReader implements AutoCloseable {

    /** What a read found: the field's value, the secret's version, and the lease Vault gave it (zero: none). */
    record Read(String value, long version, Duration lease) {
        @Override
        public String toString() {
            return "Read[version=" + version + ", lease=" + lease + "]";
        }
    }

    /** Why a read failed, in words fit for a log: never a token or a key. */
    static class VaultReadException extends RuntimeException {
        private final int status;

        VaultReadException(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        /** Vault's HTTP status, or 0 when Vault did not answer. */
        int status() {
            return status;
        }
    }

    private final VaultSettings settings;
    private final UnaryOperator<String> references;
    private final ThreadPoolTaskScheduler renewals = new ThreadPoolTaskScheduler();
    private final ForgetfulSessionManager session;
    private final VaultTemplate template;

    /** @param references resolves the token, role id and secret id references (env:NAME, file:PATH) */
    VaultKeyReader(VaultSettings settings, UnaryOperator<String> references) {
        this.settings = settings;
        this.references = references;
        VaultEndpoint endpoint = VaultEndpoint.from(settings.address());
        ClientHttpRequestFactory http = ClientHttpRequestFactoryFactory.create(
                new ClientOptions(settings.timeout(), settings.timeout()), SslConfiguration.unconfigured());
        RestTemplate stateless = VaultClients.createRestTemplate(endpoint, http);
        renewals.setThreadNamePrefix("vault-token-");
        renewals.setDaemon(true);
        renewals.initialize();
        session = new ForgetfulSessionManager(login(stateless), renewals, stateless);
        template = new VaultTemplate(endpoint, http, session);
    }

    private ClientAuthentication login(RestTemplate stateless) {
        if (settings.method().equals(VaultSettings.APPROLE)) {
            return () -> new AppRoleAuthentication(AppRoleAuthenticationOptions.builder()
                    .path(settings.appRoleMount())
                    .roleId(AppRoleAuthenticationOptions.RoleId.provided(required(settings.roleId(), "auth.roleId")))
                    .secretId(AppRoleAuthenticationOptions.SecretId.provided(
                            required(settings.secretId(), "auth.secretId")))
                    .build(), stateless).login();
        }
        return () -> VaultToken.of(required(settings.token(), "auth.token"));
    }

    private String required(String reference, String setting) {
        String value = references.apply(reference);
        if (value == null || value.isBlank()) {
            throw new VaultReadException(0, "The Vault " + setting + " (" + where(reference) + ") is not set");
        }
        return value.trim();
    }

    /**
     * Reads the reference's field from Vault, now, on the calling thread (within the timeout).
     *
     * @throws VaultReadException when Vault cannot be reached, refuses the gateway, or has no such field
     */
    Read read(VaultReference reference) {
        try {
            return readOnce(reference);
        } catch (VaultReadException e) {
            if (e.status() != 403) {
                throw e;
            }
            session.forget(); // an expired or revoked token: log in again, once
            return readOnce(reference);
        }
    }

    private Read readOnce(VaultReference reference) {
        VaultResponse response;
        try {
            response = template.read(reference.apiPath());
        } catch (VaultReadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(reference, e);
        }
        if (response == null) {
            throw new VaultReadException(404, "Vault has no secret at " + reference.apiPath() + " (for " + reference
                    + ")");
        }
        Map<String, Object> data = response.getData();
        Object fields = data == null ? null : data.get("data");
        Object value = fields instanceof Map<?, ?> map ? map.get(reference.field()) : null;
        if (!(value instanceof String text) || text.isBlank()) {
            throw new VaultReadException(404, "The secret at " + reference.apiPath() + " has no text field '"
                    + reference.field() + "' (for " + reference + ")");
        }
        Object metadata = data.get("metadata");
        long version = metadata instanceof Map<?, ?> m && m.get("version") instanceof Number n ? n.longValue() : 0;
        return new Read(text.trim(), version, Duration.ofSeconds(Math.max(0, response.getLeaseDuration())));
    }

    private VaultReadException failure(VaultReference reference, RuntimeException e) {
        HttpStatusCodeException http = find(e, HttpStatusCodeException.class);
        String path = reference.apiPath();
        if (http != null) {
            int status = http.getStatusCode().value();
            if (status == 403) {
                return new VaultReadException(403, "Vault refused the gateway's " + credentialName() + " (HTTP 403) "
                        + "reading " + path + ": " + fix());
            }
            if (status == 400 && settings.method().equals(VaultSettings.APPROLE)) {
                return new VaultReadException(400, "Vault refused the AppRole login (HTTP 400) at auth/"
                        + settings.appRoleMount() + "/login: " + fix());
            }
            return new VaultReadException(status, "Vault answered HTTP " + status + " reading " + path);
        }
        if (find(e, ResourceAccessException.class) != null || find(e, java.io.IOException.class) != null) {
            String why = find(e, SocketTimeoutException.class) != null ? "did not answer within "
                    + settings.timeout().toMillis() + " ms" : "could not be reached";
            return new VaultReadException(0, "Vault at " + settings.address() + " " + why + " reading " + path);
        }
        return new VaultReadException(0, "Vault could not be read at " + path + " (" + e.getClass().getSimpleName()
                + ")");
    }

    private String credentialName() {
        return settings.method().equals(VaultSettings.APPROLE) ? "AppRole login token" : "token";
    }

    private String fix() {
        return settings.method().equals(VaultSettings.APPROLE)
                ? "check the role id (" + where(settings.roleId()) + "), the secret id (" + where(settings.secretId())
                        + ") and the role's policy"
                : "check the token (" + where(settings.token()) + ") and its policy";
    }

    /** Where a reference points, without its value when it is a literal. */
    private static String where(String reference) {
        if (reference == null) {
            return "not configured";
        }
        if (reference.startsWith("env:")) {
            return "environment variable " + reference.substring(4);
        }
        if (reference.startsWith("file:")) {
            return "file " + reference.substring(5);
        }
        return "written in gateway.yaml";
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    @Override
    public void close() {
        session.destroy(); // revokes an AppRole login token; a configured token is left alone
        renewals.shutdown();
    }

    /** Spring Vault's session manager, which can be told that its token no longer works. */
    private static final class ForgetfulSessionManager extends LifecycleAwareSessionManager {
        ForgetfulSessionManager(ClientAuthentication login, ThreadPoolTaskScheduler scheduler, RestTemplate rest) {
            super(login, scheduler, rest);
        }

        void forget() {
            setToken(Optional.empty());
        }
    }
}
