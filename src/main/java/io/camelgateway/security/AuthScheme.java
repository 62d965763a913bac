package io.camelgateway.security;

import java.util.concurrent.CompletionStage;

import io.camelgateway.config.ConfigSection;

/**
 * One way callers prove who they are: static keys, virtual keys, JWTs, OAuth2 introspection, or a plug-in. The
 * gateway asks its schemes in order; the first that does not answer "not mine" decides.
 *
 * <p>A scheme that decides from memory returns a completed stage, so the ingress guard can refuse a bad credential
 * on the request head, before the body is read. A scheme that must ask a server (a JWKS refresh, an introspection
 * endpoint) returns a stage that completes later, on another thread, and bounds its own wait: it never blocks the
 * calling thread, which is a Netty event loop.
 *
 * <p>Implementations found with {@link java.util.ServiceLoader} (META-INF/services/io.camelgateway.security.AuthScheme)
 * are asked after the built-in ones, each given its own block of gateway.yaml ({@code auth.plugins.<name>}) through
 * {@link #configure} first; see docs/security.md.
 */
public interface AuthScheme {

    /** The scheme's name, as log lines and {@link CallerIdentity#scheme()} show it. */
    String name();

    CompletionStage<Verdict> authenticate(RequestHead request);

    /**
     * Called once, before the first request, with the scheme's block of gateway.yaml: {@code auth.plugins.<name>}
     * for a plug-in found on the classpath ({@link ConfigSection#present()} is false when the file has none). Throw
     * {@link ConfigSection#invalid} to stop the gateway with an error that names the place in the file.
     */
    default void configure(ConfigSection section) {
    }
}
